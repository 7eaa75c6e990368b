"""A permission the caller lacks is a top-level FORBIDDEN error, never a `userErrors` entry:
the same answer whether a field's own rule refuses the call or the service finds out later
(closing a ticket as DUPLICATE merges it, and needs MERGE), and nothing is written."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.kit.relay import to_global_id
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.factories import new_ticket, operator
from tests.tickets.queries import CHANGE_STATUS, MERGE


@pytest.fixture
async def two_tickets(db: AsyncSession) -> tuple[str, str]:
    """Two tickets of Zabıta, the agent's own department: readable, and changeable."""
    actor = await operator(db, "setup@example.org", "Kurulum")
    first, second = await new_ticket(db, actor, "NOISE"), await new_ticket(db, actor, "NOISE")
    await db.commit()
    return to_global_id("Ticket", first.id or 0), to_global_id("Ticket", second.id or 0)


@pytest.fixture
async def agent(app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> GraphQLClient:
    return await client_for("AGENT", app, engine, monkeypatch)  # no MERGE permission


def _refusal(body: dict[str, Any]) -> tuple[Any, list[str]]:
    return body["data"], [error["extensions"]["code"] for error in body["errors"]]


async def test_closing_as_duplicate_without_merge_is_forbidden_at_the_top(
    agent: GraphQLClient, two_tickets: tuple[str, str], engine: AsyncEngine
) -> None:
    source, target = two_tickets
    before = await database_snapshot(engine)
    body = await agent.execute(CHANGE_STATUS, {"input": {
        "ticketId": source, "status": "DUPLICATE", "expectedVersion": 1, "duplicateOfId": target}})
    assert _refusal(body) == (None, ["FORBIDDEN"])
    assert await database_snapshot(engine) == before


async def test_merging_without_merge_is_refused_the_same_way(
    agent: GraphQLClient, two_tickets: tuple[str, str], engine: AsyncEngine
) -> None:
    source, target = two_tickets
    before = await database_snapshot(engine)
    body = await agent.execute(MERGE, {"input": {"targetId": target, "sourceIds": [source]}})
    assert _refusal(body) == (None, ["FORBIDDEN"])
    assert await database_snapshot(engine) == before


async def test_the_agent_may_change_the_status_otherwise(agent: GraphQLClient, two_tickets: tuple[str, str]) -> None:
    source, _ = two_tickets
    body = await agent.execute(CHANGE_STATUS, {"input": {"ticketId": source, "status": "IN_PROGRESS", "expectedVersion": 1}})
    assert body["data"]["changeTicketStatus"]["userErrors"] == []
    assert body["data"]["changeTicketStatus"]["ticket"]["status"] == "IN_PROGRESS"
