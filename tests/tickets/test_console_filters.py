"""The console's queue and ticket filters: unassigned, one citizen's tickets, a typed contact,
and a ticket's other requests."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.conftest import SqlLog, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import ASSIGN

LIST = """query($filter: TicketFilter) {
  tickets(first: 50, filter: $filter) { totalCount edges { node { reference } } }
}"""

OTHERS = """query($filter: TicketFilter, $first: Int!, $others: Int) {
  tickets(first: $first, filter: $filter) { edges { node {
    reference contact { id }
    otherRequests(first: $others) { reference status department { code } contact { id } }
  } } }
}"""

CITIZEN = {"name": "Fatma Yılmaz", "phone": "+905321112233", "email": "fatma@example.org"}


async def _references(client: GraphQLClient, filter_: dict[str, Any]) -> list[str]:
    page = (await client.data(LIST, {"filter": filter_}))["tickets"]
    assert page["totalCount"] == len(page["edges"])
    return [e["node"]["reference"] for e in page["edges"]]


@pytest.fixture
async def me(staff: GraphQLClient) -> str:
    return str((await staff.data("{ me { id } }"))["me"]["id"])


async def _assign(staff: GraphQLClient, ticket: dict[str, Any], assignee: str) -> None:
    await staff.mutate("assignTicket", ASSIGN, {"input": {"ticketId": ticket["id"], "assigneeId": assignee}})


async def test_unassigned_alone_and_combined_with_assignees_as_either(
    staff: GraphQLClient, me: str, app: Any, engine: AsyncEngine
) -> None:
    colleague_client = await signed_in(app, engine, "ikinci@example.org", "Mehmet Operatör")
    colleague = (await colleague_client.data("{ me { id } }"))["me"]["id"]
    mine, theirs, nobodys = [await new_ticket(staff) for _ in range(3)]
    await _assign(staff, mine, me)
    await _assign(staff, theirs, colleague)

    assert await _references(staff, {"unassigned": True}) == [nobodys["reference"]]
    # "Mine or unassigned": the one OR among the filter's conditions.
    assert set(await _references(staff, {"unassigned": True, "assigneeIds": [me]})) == {
        mine["reference"], nobodys["reference"]}
    assert set(await _references(staff, {"unassigned": False})) == {mine["reference"], theirs["reference"]}
    assert await _references(staff, {"unassigned": False, "assigneeIds": [colleague]}) == [theirs["reference"]]
    assert await _references(staff, {"assigneeIds": [me]}) == [mine["reference"]]
    # Other conditions still hold for both halves of the OR.
    assert await _references(staff, {"unassigned": True, "assigneeIds": [me], "open": False}) == []
    await colleague_client.http.aclose()


async def test_one_citizens_tickets_by_contact_id(staff: GraphQLClient) -> None:
    first = await new_ticket(staff, "NOISE", contact=CITIZEN)
    await new_ticket(staff, "NOISE", contact={"name": "Başka Biri", "phone": "+905329998877"})
    second = await new_ticket(staff, "TREE", contact=CITIZEN)
    contact_id = (await staff.data(OTHERS, {"filter": {"text": first["reference"]}, "first": 1}))[
        "tickets"]["edges"][0]["node"]["contact"]["id"]
    assert await _references(staff, {"contactId": contact_id}) == [second["reference"], first["reference"]]
    node = await staff.data("query($id: ID!) { node(id: $id) { ... on Contact { name phone } } }", {"id": contact_id})
    assert node["node"] == {"name": "Fatma Yılmaz", "phone": "+90 532 *** ** 33"}


@pytest.mark.parametrize(
    "typed",
    ["0532 111 22 33", "+90 (532) 111-22-33", "5321112233", "FATMA@Example.org", "  fatma@example.org "],
)
async def test_a_typed_phone_or_email_finds_the_citizens_tickets(
    staff: GraphQLClient, typed: str, sql_log: SqlLog
) -> None:
    theirs = await new_ticket(staff, "NOISE", contact=CITIZEN)
    await new_ticket(staff, "NOISE", contact={"name": "Başka Biri", "phone": "+905329998877", "email": "baska@example.org"})
    sql_log.clear()
    assert await _references(staff, {"contact": typed}) == [theirs["reference"]]
    # An exact match on the stored, normalised value: never a pattern over personal data.
    listing = [s for s in sql_log.statements if "contacts" in s]
    assert listing and not any("LIKE" in s.upper() for s in listing), listing


@pytest.mark.parametrize("typed", ["0532 111", "fatma@", "Fatma Yılmaz", "", "112233"])
async def test_text_that_is_no_phone_or_email_matches_nothing(staff: GraphQLClient, typed: str) -> None:
    await new_ticket(staff, "NOISE", contact=CITIZEN)
    assert await _references(staff, {"contact": typed}) == []


async def test_an_overlong_contact_is_refused(staff: GraphQLClient) -> None:
    body = await staff.execute(LIST, {"filter": {"contact": "5" * 201}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_other_requests_are_the_same_citizens_newest_first_without_the_ticket_itself(
    staff: GraphQLClient,
) -> None:
    tickets = [await new_ticket(staff, "NOISE", contact=CITIZEN) for _ in range(4)]
    lonely = await new_ticket(staff, "NOISE")
    data = await staff.data(OTHERS, {"first": 10, "others": 2})
    by_reference = {e["node"]["reference"]: e["node"] for e in data["tickets"]["edges"]}
    refs = [t["reference"] for t in tickets]
    assert [t["reference"] for t in by_reference[refs[0]]["otherRequests"]] == [refs[3], refs[2]]
    assert [t["reference"] for t in by_reference[refs[3]]["otherRequests"]] == [refs[2], refs[1]]
    assert by_reference[lonely["reference"]]["otherRequests"] == []
    default = await staff.data(OTHERS, {"first": 10})
    assert all(len(e["node"]["otherRequests"]) in (0, 3) for e in default["tickets"]["edges"])


@pytest.mark.parametrize("others", [21, -1])
async def test_other_requests_are_at_most_twenty(staff: GraphQLClient, others: int) -> None:
    await new_ticket(staff, "NOISE", contact=CITIZEN)
    body = await staff.execute(OTHERS, {"first": 1, "others": others})
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_other_requests_of_a_page_cost_one_statement(staff: GraphQLClient, sql_log: SqlLog) -> None:
    for i in range(12):
        await new_ticket(staff, "NOISE", contact={"name": f"Vatandaş {i % 4}", "phone": f"+90532111{i % 4:04d}"})
    counts = {}
    for size in (2, 12):
        sql_log.clear()
        edges = (await staff.data(OTHERS, {"first": size, "others": 20}))["tickets"]["edges"]
        assert len(edges) == size and all(len(e["node"]["otherRequests"]) == 2 for e in edges)
        counts[size] = len(sql_log.statements)
    assert counts[2] == counts[12], sql_log.statements
    assert sum("row_number" in s for s in sql_log.statements) == 1


async def test_other_requests_are_priced_by_their_size(staff: GraphQLClient) -> None:
    await new_ticket(staff, "NOISE", contact=CITIZEN)
    costs = []
    for others in (1, 20):
        body = await staff.execute(OTHERS, {"first": 10, "others": others})
        costs.append(body["extensions"]["cost"]["requestedQueryCost"])
    assert costs[1] > costs[0] * 5, costs


async def test_a_fen_agent_sees_none_of_the_citizens_zabita_tickets(
    staff: GraphQLClient, app: Any, engine: AsyncEngine
) -> None:
    fen = [await new_ticket(staff, "ROAD_POTHOLE", contact=CITIZEN) for _ in range(2)]
    await new_ticket(staff, "NOISE", contact=CITIZEN)  # Zabıta's
    agent = await signed_in(app, engine, "fen.agent@example.org", "Fen Ajan", StaffRole.AGENT, "FEN")
    refs = {t["reference"] for t in fen}
    assert set(await _references(agent, {"contact": "0532 111 22 33"})) == refs
    data = await agent.data(OTHERS, {"first": 10, "others": 20})
    edges = data["tickets"]["edges"]
    contact_id = edges[0]["node"]["contact"]["id"]
    assert set(await _references(agent, {"contactId": contact_id})) == refs
    assert {e["node"]["reference"] for e in edges} == refs
    for edge in edges:
        assert [o["department"]["code"] for o in edge["node"]["otherRequests"]] == ["FEN"]
    # A citizen known only to Zabıta is no one the Fen agent can look up.
    zabita_only = await new_ticket(staff, "NOISE", contact={"name": "Ali Veli", "phone": "+905321234567"})
    hidden = zabita_only["contact"]
    found = (await staff.data(OTHERS, {"filter": {"text": zabita_only["reference"]}, "first": 1}))["tickets"]
    hidden_id = found["edges"][0]["node"]["contact"]["id"]
    node = "query($id: ID!) { node(id: $id) { ... on Contact { name } } }"
    assert (await staff.data(node, {"id": hidden_id}))["node"] == {"name": hidden["name"]}
    assert (await agent.data(node, {"id": hidden_id}))["node"] is None
    assert await _references(agent, {"contactId": hidden_id}) == []
    await agent.http.aclose()
