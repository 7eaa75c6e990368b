"""ticketCounts: the queue's counts per status, under the queue's other filters."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.conftest import SqlLog, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import department_ids, new_ticket
from tests.tickets.queries import CHANGE_STATUS

COUNTS = "query($filter: TicketFilter) { ticketCounts(filter: $filter) { status count } }"
STATUSES = ["NEW", "ROUTED", "IN_PROGRESS", "SCHEDULED", "ON_HOLD", "RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE"]


async def _counts(client: GraphQLClient, filter_: dict[str, Any] | None = None) -> dict[str, int]:
    rows = (await client.data(COUNTS, {"filter": filter_}))["ticketCounts"]
    assert [r["status"] for r in rows] == STATUSES  # every status, in lifecycle order
    return {r["status"]: r["count"] for r in rows if r["count"]}


async def _resolve(staff: GraphQLClient, ticket: dict[str, Any]) -> None:
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "expectedVersion": ticket["version"], "reason": "Giderildi."}})


async def test_counts_per_status_follow_the_other_filters_but_not_the_status_list(
    staff: GraphQLClient, sql_log: SqlLog
) -> None:
    potholes = [await new_ticket(staff, "ROAD_POTHOLE") for _ in range(3)]
    await new_ticket(staff, "NOISE")
    await _resolve(staff, potholes[0])
    departments = await department_ids(staff)

    assert await _counts(staff) == {potholes[1]["status"]: 3, "RESOLVED": 1}
    fen = {"departmentIds": [departments["FEN"]]}
    assert sum((await _counts(staff, fen)).values()) == 3
    # The console filters its list to one status and still shows the others' counts.
    assert await _counts(staff, {**fen, "status": ["RESOLVED"]}) == await _counts(staff, fen)
    assert await _counts(staff, {**fen, "open": True}) == {k: v for k, v in (await _counts(staff, fen)).items() if k != "RESOLVED"}
    sql_log.clear()
    await _counts(staff, {**fen, "text": "çukur"})
    counting = [s for s in sql_log.statements if "count(" in s.lower()]
    assert len(counting) == 1 and "GROUP BY" in counting[0], sql_log.statements


async def test_a_fen_agent_never_counts_zabitas_tickets(staff: GraphQLClient, app: Any, engine: AsyncEngine) -> None:
    await new_ticket(staff, "ROAD_POTHOLE")
    for _ in range(2):
        await new_ticket(staff, "NOISE")  # Zabıta's
    departments = await department_ids(staff)
    agent = await signed_in(app, engine, "fen.agent@example.org", "Fen Ajan", StaffRole.AGENT, "FEN")
    assert sum((await _counts(agent)).values()) == 1
    assert await _counts(agent, {"departmentIds": [departments["ZABITA"]]}) == {}
    assert sum((await _counts(staff)).values()) == 3
    await agent.http.aclose()


async def test_counts_take_the_new_filters_too(staff: GraphQLClient) -> None:
    await new_ticket(staff, "NOISE", contact={"name": "Ali Veli", "phone": "+905321234567"})
    await new_ticket(staff, "NOISE")
    assert sum((await _counts(staff, {"contact": "0532 123 45 67"})).values()) == 1
    assert sum((await _counts(staff, {"unassigned": True})).values()) == 2
    assert await _counts(staff, {"unassigned": False}) == {}
