"""A Zabıta agent works Zabıta's tickets and cannot tell whether Fen İşleri's exist."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.kit.relay import to_global_id
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import new_ticket, operator
from tests.tickets.queries import CHANGE_STATUS, NOTE, TIMELINE

NODE = "query($id: ID!) { node(id: $id) { id ... on Ticket { reference } } }"
LIST = """query($filter: TicketFilter) { tickets(first: 50, filter: $filter) {
  totalCount edges { node { reference department { code } } } } }"""


@pytest.fixture
async def tickets(db: AsyncSession) -> dict[str, Any]:
    actor = await operator(db, "setup@example.org", "Kurulum")
    fen = await new_ticket(db, actor, "ROAD_POTHOLE")
    zabita = await new_ticket(db, actor, "NOISE")
    await db.commit()
    return {
        "fen": to_global_id("Ticket", fen.id or 0), "fen_ref": fen.reference,
        "zabita": to_global_id("Ticket", zabita.id or 0), "zabita_ref": zabita.reference,
        "missing": to_global_id("Ticket", 987654),
        "fen_department": to_global_id("Department", fen.department_id or 0),
    }


@pytest.fixture
async def agent(app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> GraphQLClient:
    return await client_for("AGENT", app, engine, monkeypatch)


async def test_node_answers_the_same_for_foreign_and_missing_tickets(agent: GraphQLClient, tickets: dict[str, Any]) -> None:
    own = await agent.execute(NODE, {"id": tickets["zabita"]})
    foreign = await agent.execute(NODE, {"id": tickets["fen"]})
    missing = await agent.execute(NODE, {"id": tickets["missing"]})
    assert own["data"]["node"]["reference"] == tickets["zabita_ref"]
    assert foreign["data"] == missing["data"] == {"node": None}
    assert "errors" not in foreign and "errors" not in missing


async def test_lists_and_filters_never_include_another_department(agent: GraphQLClient, tickets: dict[str, Any]) -> None:
    everything = (await agent.data(LIST))["tickets"]
    assert [e["node"]["reference"] for e in everything["edges"]] == [tickets["zabita_ref"]]
    assert everything["totalCount"] == 1
    asked_for_fen = (await agent.data(LIST, {"filter": {"departmentIds": [tickets["fen_department"]]}}))["tickets"]
    assert asked_for_fen == {"totalCount": 0, "edges": []}
    by_reference = (await agent.data(LIST, {"filter": {"text": tickets["fen_ref"]}}))["tickets"]
    assert by_reference["totalCount"] == 0


async def test_guessing_ids_in_mutations_looks_like_a_missing_ticket(
    agent: GraphQLClient, tickets: dict[str, Any]
) -> None:
    answers = []
    for target in ("fen", "missing"):
        note = (await agent.data(NOTE, {"input": {"ticketId": tickets[target], "body": "deneme"}}))["addInternalNote"]
        status = (await agent.data(CHANGE_STATUS, {"input": {
            "ticketId": tickets[target], "status": "IN_PROGRESS", "expectedVersion": 1}}))["changeTicketStatus"]
        answers.append((note, status))
    assert answers[0] == answers[1]
    assert answers[0][0]["userErrors"] == [{"field": ["input", "ticketId"], "code": "NOT_FOUND"}]


async def test_the_agent_can_work_their_own_department(agent: GraphQLClient, tickets: dict[str, Any]) -> None:
    changed = await agent.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": tickets["zabita"], "status": "IN_PROGRESS", "expectedVersion": 1}})
    assert changed["ticket"]["status"] == "IN_PROGRESS"
    timeline = (await agent.data(TIMELINE, {"id": tickets["zabita"]}))["node"]["timeline"]
    assert timeline["edges"][-1]["node"]["actorLabel"] == "Agent Kişi"


async def test_a_timeline_event_of_a_foreign_ticket_is_invisible(
    agent: GraphQLClient, staff: GraphQLClient, tickets: dict[str, Any]
) -> None:
    events = (await staff.data(TIMELINE, {"id": tickets["fen"]}))["node"]["timeline"]["edges"]
    event_id = events[0]["node"]["id"]
    assert (await agent.data("query($id: ID!) { node(id: $id) { id } }", {"id": event_id}))["node"] is None
