"""A client that stops reading costs its own socket, and nothing the process shares.

Neither the hub (which fans out to everyone) nor the pool of PostgreSQL connections (which
HTTP requests and the hub need) may wait on such a client.
"""

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.typing import Subprotocol

from cozum.db import create_sessionmaker, transaction
from cozum.live import recheck
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import serving, subscribe
from tests.tickets.factories import new_ticket, operator

EVENTS = "subscription { ticketEvents { cursor event { message } } }"
INSERT_BIG_EVENTS = text("""
INSERT INTO ticket_events (ticket_id, type, actor_label, public, message, data, created_at)
SELECT :ticket_id, 'INTERNAL_NOTE', 'stall-test', false, repeat('ş', :size), '{}'::jsonb, now()
FROM generate_series(1, :count)
""")
# Large answers, so the server's side of the socket fills after a few hundred.
BULKY = "{ " + " ".join(f"a{k}: categories(first: 90) {{ edges {{ node {{ id code }} }} }}" for k in range(5)) + " }"


async def stalled(base: str, cookie: str | None = None, subscription: str | None = None) -> Any:
    """A connection whose client never reads again once set up."""
    headers = {"Cookie": f"cozum_session={cookie}"} if cookie else {}
    socket_ = await websockets.connect(
        f"ws://{base}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")], additional_headers=headers,
        max_queue=1, ping_interval=None, compression=None, close_timeout=1,
    )
    await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert json.loads(await socket_.recv())["type"] == "connection_ack"
    if subscription:
        await socket_.send(json.dumps({"id": "live", "type": "subscribe", "payload": {"query": subscription}}))
    return socket_


def server_side_is_full(subscriber: Any) -> bool:
    """Whether uvicorn stopped writing to this subscriber's socket (its buffer is full).

    The ASGI `send` reaches uvicorn's protocol object through Starlette's wrappers: follow
    their closures to the bound method, whose owner knows whether it may write."""
    pending = [subscriber.executor.context_value.request._send]
    while pending:
        send = pending.pop()
        owner = getattr(send, "__self__", None)
        if owner is not None and hasattr(owner, "writable"):
            return not owner.writable.is_set()
        pending += [cell.cell_contents for cell in getattr(send, "__closure__", None) or () if callable(cell.cell_contents)]
    raise AssertionError("uvicorn's protocol not found behind the ASGI send")


async def test_subscriptions_behind_a_full_socket_hold_no_database_connection(app: Any, engine: AsyncEngine) -> None:
    hub = app.state.hub
    async with serving(app) as base:
        socket_ = await stalled(base)
        try:
            await socket_.send(json.dumps({"id": "s0", "type": "subscribe",
                                           "payload": {"query": "subscription { liveStats { received } }"}}))
            async with asyncio.timeout(10):
                while not hub.stats:  # noqa: ASYNC110 - polling another task's state
                    await asyncio.sleep(0.01)
            probe = next(iter(hub.stats))
            for i in range(3000):
                await socket_.send(json.dumps({"id": f"q{i}", "type": "subscribe", "payload": {"query": BULKY}}))
                await asyncio.sleep(0.005)
                if i % 20 == 0 and server_side_is_full(probe):
                    break
            assert server_side_is_full(probe), "the socket never filled"
            for i in range(1, 16):
                await socket_.send(json.dumps({"id": f"s{i}", "type": "subscribe",
                                               "payload": {"query": "subscription { liveStats { received } }"}}))
            async with asyncio.timeout(10):
                while len(hub.stats) < 16:  # noqa: ASYNC110 - polling another task's state
                    await asyncio.sleep(0.01)
            await asyncio.sleep(0.5)
            assert app.state.engine.pool.checkedout() <= 1
            async with httpx.AsyncClient(base_url=f"http://{base}") as http:
                answer = await http.post("/graphql", json={"query": "{ departments { totalCount } }"}, timeout=5)
            assert answer.status_code == 200
        finally:
            socket_.transport.abort()


async def test_closing_a_stale_console_that_stopped_reading_does_not_stop_the_hub(
    app: Any, engine: AsyncEngine, staff: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recheck, "RECHECK_INTERVAL", 0.2)
    async with transaction(create_sessionmaker(engine)) as session:
        ticket = await new_ticket(session, await operator(session, "yazar@example.org", "Yazar"))
    hub = app.state.hub

    async def commit(count: int, size: int) -> None:
        async with transaction(create_sessionmaker(engine)) as session:
            await session.execute(INSERT_BIG_EVENTS, {"ticket_id": ticket.id, "size": size, "count": count})

    async with serving(app) as base, subscribe(
        base, EVENTS, cookies={"cozum_session": staff.http.cookies["cozum_session"]}
    ) as healthy:
        admin = await client_for("ADMIN", app, engine, monkeypatch)
        socket_ = await stalled(base, admin.http.cookies["cozum_session"], EVENTS)
        try:
            async with asyncio.timeout(10):
                while len(hub.staff) < 2:  # noqa: ASYNC110 - polling another task's state
                    await asyncio.sleep(0.01)
            slow = next(s for s in hub.staff if s.context.session_token == admin.http.cookies["cozum_session"])
            for _ in range(400):
                await commit(4, 20_000)
                for _ in range(4):
                    await healthy.next()
                if server_side_is_full(slow):
                    break
            assert server_side_is_full(slow), "the socket never filled"
            await admin.data("mutation { logout { ok } }")
            await asyncio.sleep(1.0)  # several re-checks: the stale console is being closed
            await commit(1, 10)
            assert (await healthy.next(wait=5))["data"]["ticketEvents"]["event"]["message"] == "ş" * 10
        finally:
            socket_.transport.abort()
            await admin.http.aclose()
