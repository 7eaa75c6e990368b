"""An open console loses its feed when its rights go: logout, revoked key, deactivation, a move.

The hub checks the credentials of its live connections every RECHECK_INTERVAL (made short
here) and closes those that no longer hold: 4401 when the credentials stopped working, 4403
when they now carry other rights.
"""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.exceptions import ConnectionClosed

from cozum.auth.api_keys import create_api_key, revoke_api_key
from cozum.auth.permissions import ApiScope
from cozum.db import create_sessionmaker, transaction
from cozum.live import recheck
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, connection, serving, settled, start
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = "subscription { ticketEvents { cursor event { message } } }"


@pytest.fixture
async def live(app: Any, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[str]:
    monkeypatch.setattr(recheck, "RECHECK_INTERVAL", 0.2)
    async with serving(app) as base:
        yield base


@contextlib.asynccontextmanager
async def console(base: str, *, cookie: str | None = None, api_key: str | None = None) -> AsyncIterator[Any]:
    async with connection(base, cookie=cookie, api_key=api_key) as socket_:
        await start(socket_, "1", EVENTS)
        yield socket_


async def closed_with(socket_: Any, within: float = 5.0) -> int:
    """Read until the server closes the connection; its close code."""
    with pytest.raises(ConnectionClosed) as closed:
        async with asyncio.timeout(within):
            while True:
                await socket_.recv()
    assert closed.value.rcvd is not None, "the server did not close the connection"
    return closed.value.rcvd.code


def cookie_of(client: GraphQLClient) -> str:
    return str(client.http.cookies["cozum_session"])


async def test_logging_out_closes_the_open_console(live: str, staff: GraphQLClient, app: Any) -> None:
    async with console(live, cookie=cookie_of(staff)) as socket_:
        await settled(app.state.hub, 1)
        assert (await staff.data("mutation { logout { ok } }"))["logout"]["ok"]
        assert await closed_with(socket_) == 4401
    async with asyncio.timeout(5):
        while len(app.state.hub.staff):  # noqa: ASYNC110 - polling another task's state
            await asyncio.sleep(0.01)
    metrics = (await staff.http.get("/metrics")).text
    assert 'cozum_live_connections_closed_total{reason="ended"} 1.0' in metrics


async def test_a_revoked_key_closes_its_connections(live: str, app: Any, engine: AsyncEngine) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        stored, key = await create_api_key(session, "Pano", [ApiScope.READ_ALL, ApiScope.SUBSCRIBE])
    async with console(live, api_key=key) as socket_:
        await settled(app.state.hub, 1)
        async with transaction(create_sessionmaker(engine)) as session:
            assert stored.id is not None
            await revoke_api_key(session, stored.id)
        assert await closed_with(socket_) == 4401


async def test_moving_an_agent_to_another_department_closes_with_changed_rights(
    live: str, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await client_for("AGENT", app, engine, monkeypatch)  # Zabıta
    async with console(live, cookie=cookie_of(agent)) as socket_:
        await settled(app.state.hub, 1)
        async with transaction(create_sessionmaker(engine)) as session:
            await session.execute(text(
                "UPDATE users SET department_id = (SELECT id FROM departments WHERE code = 'FEN_ISLERI')"
                " WHERE email = 'agent@example.org'"
            ))
        assert await closed_with(socket_) == 4403
    await agent.http.aclose()


async def test_a_console_whose_rights_hold_stays_open_and_keeps_hearing(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with console(live, cookie=cookie_of(staff)) as socket_:
        await settled(app.state.hub, 1)
        await asyncio.sleep(1.0)  # five checks
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "hâlâ burada"}})
        message = json.loads(await asyncio.wait_for(socket_.recv(), 5))
    assert message["payload"]["data"]["ticketEvents"]["event"]["message"] == "hâlâ burada"


async def ask(socket_: Any, operation_id: str, query: str) -> dict[str, Any]:
    """A query or mutation over the socket: its one result."""
    await start(socket_, operation_id, query)
    while True:
        message = json.loads(await asyncio.wait_for(socket_.recv(), 5))
        if message.get("id") == operation_id and message["type"] in ("next", "error"):
            return dict(message)


async def test_logging_out_over_the_socket_makes_its_next_operations_anonymous(live: str, staff: GraphQLClient) -> None:
    async with connection(live, cookie=cookie_of(staff)) as socket_:
        assert (await ask(socket_, "1", "{ me { name } }"))["payload"]["data"]["me"]["name"] == "Ayşe Operatör"
        assert (await ask(socket_, "2", "mutation { logout { ok } }"))["payload"]["data"]["logout"]["ok"]
        assert (await ask(socket_, "3", "{ me { name } }"))["payload"]["data"]["me"] is None


async def test_a_connection_without_subscriptions_is_closed_when_its_key_is_revoked(
    live: str, engine: AsyncEngine
) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        stored, key = await create_api_key(session, "Entegrasyon", [ApiScope.READ_ALL])
    async with connection(live, api_key=key) as socket_:
        answer = await ask(socket_, "1", "{ tickets(first: 1) { totalCount } }")
        assert "errors" not in answer["payload"], answer
        async with transaction(create_sessionmaker(engine)) as session:
            assert stored.id is not None
            await revoke_api_key(session, stored.id)
        assert await closed_with(socket_) == 4401


async def test_every_operation_on_a_socket_counts_against_the_keys_rate_limit(
    live: str, engine: AsyncEngine
) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        stored, key = await create_api_key(session, "Sık soran", [ApiScope.READ_ALL])
        await session.execute(text("UPDATE api_keys SET rate_limit_per_minute = 3 WHERE id = :id"), {"id": stored.id})
    async with connection(live, api_key=key) as socket_:
        answers = [await ask(socket_, str(i), "{ tickets(first: 1) { totalCount } }") for i in range(5)]
    refused = [a for a in answers if a["type"] == "error" or a["payload"].get("errors")]
    assert len(refused) == 2
    assert "RATE_LIMITED" in json.dumps(refused[0])
