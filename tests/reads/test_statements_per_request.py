"""The benchmark's scenarios cost the same number of SQL statements however much they return.

The documents are the benchmark's own (bench/scenarios/): what is measured there is what is
counted here. A request with a staff cookie also looks its session up once (the per-process
cache starts with the app's lifespan, which these in-process clients do not run).
"""

from pathlib import Path
from typing import Any

from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, new_ticket
from tests.tickets.queries import REPLY

SCENARIOS = Path(__file__).resolve().parents[2] / "bench" / "scenarios"
QUEUE, DETAIL, TRACK, SUBMIT = ((SCENARIOS / f"{name}.graphql").read_text() for name in ("queue", "detail", "track", "submit"))


async def _counted(sql_log: SqlLog, client: GraphQLClient, query: str, variables: dict[str, Any]) -> tuple[int, Any]:
    sql_log.clear()
    body = await client.execute(query, variables)
    assert not body.get("errors"), body["errors"]
    return len(sql_log.statements), body["data"]


async def test_the_queue_page_is_one_statement_for_one_ticket_or_fifty(staff: GraphQLClient, sql_log: SqlLog) -> None:
    sized = QUEUE.replace("first: 50", "first: $first").replace("($filter: TicketFilter)", "($filter: TicketFilter, $first: Int)")
    counts = {}
    for tickets in (1, 30):
        while len((await staff.data("{ tickets(first: 100) { edges { cursor } } }"))["tickets"]["edges"]) < tickets:
            await new_ticket(staff)
        counts[tickets], data = await _counted(sql_log, staff, sized, {"first": tickets})
        assert len(data["tickets"]["edges"]) == tickets
        assert sum("json_build_object" in s for s in sql_log.statements) == 1
    assert counts == {1: 2, 30: 2}, sql_log.statements  # the session, the page


async def test_a_tickets_detail_costs_the_same_with_two_events_or_twenty(staff: GraphQLClient, sql_log: SqlLog) -> None:
    counts = {}
    ticket = await new_ticket(staff)
    for events in (2, 20):
        while len((await staff.data(DETAIL, {"id": ticket["id"]}))["node"]["timeline"]["edges"]) < events:
            await staff.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket["id"], "body": "Ekip yolda."}})
        counts[events], data = await _counted(sql_log, staff, DETAIL, {"id": ticket["id"]})
        assert len(data["node"]["timeline"]["edges"]) >= events
        assert sum("json_build_object" in s for s in sql_log.statements) == 1
    assert counts == {2: 2, 20: 2}, sql_log.statements  # the session, the ticket with its timeline


async def test_tracking_costs_the_same_with_one_public_event_or_ten(
    client: GraphQLClient, staff: GraphQLClient, sql_log: SqlLog,
) -> None:
    categories = await category_ids(client)
    submitted = (await client.data(SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"], "description": "Fatih Mahallesi 12. sokakta yolda büyük çukur var.",
        "contact": {"name": "Mehmet Yılmaz", "phone": "0532 111 22 33"}, "replyChannel": "SMS",
    }}))["submitRequest"]
    ticket_id = (await staff.data("{ tickets(first: 1) { edges { node { id } } } }"))["tickets"]["edges"][0]["node"]["id"]
    credentials = {"reference": submitted["reference"], "secret": submitted["secret"]}
    first, data = await _counted(sql_log, client, TRACK, credentials)
    assert data["trackRequest"]["reference"] == submitted["reference"]
    for _ in range(9):
        await staff.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket_id, "body": "Ekip yolda."}})
    tenth, _ = await _counted(sql_log, client, TRACK, credentials)
    assert first == tenth <= 5, sql_log.statements  # the ticket, its public events, category, department


async def test_a_submission_costs_the_same_short_or_long_with_or_without_a_location(
    client: GraphQLClient, sql_log: SqlLog,
) -> None:
    categories = await category_ids(client)
    counts = []
    shapes = ((8, None), (8, None), (300, {"latitude": 41.02, "longitude": 28.97, "address": "Fatih"}))
    for n, (words, location) in enumerate(shapes):
        description = " ".join(["çukur"] * words)
        counts.append((await _counted(sql_log, client, SUBMIT, {"input": {
            "categoryId": categories["ROAD_POTHOLE"], "description": description, "location": location,
            # A new citizen each time: an existing contact is found rather than written.
            "contact": {"name": "Mehmet Yılmaz", "email": f"mehmet{n}@example.org"}, "replyChannel": "EMAIL",
        }}))[0])
    # The first is not counted: whether this process remembers the category's terms, and whether
    # they are still the category's, depends on the tests before (departments/terms.py). Then one
    # statement: the contact found or written, and the ticket with its event and message.
    assert counts[1] == counts[2] == 1, "\n".join(s[:90] for s in sql_log.statements)
