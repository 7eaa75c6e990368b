"""Operations sharing one WebSocket connection do not share a transaction.

A console may send its mutations over the same connection as its subscriptions. Live events
arriving while such a mutation is between two statements must not touch its transaction:
each operation on a connection has a context (session, loaders) of its own.
"""

import asyncio
import json
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.db import create_sessionmaker
from cozum.kit.relay import from_global_id
from cozum.tickets.mutations import comments
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, connection, settled, start
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = "subscription { ticketEvents { cursor event { message } } }"
INSERT_NOTE = text("""
INSERT INTO ticket_events (ticket_id, type, actor_label, public, message, data, created_at)
VALUES (:ticket_id, 'INTERNAL_NOTE', 'test', false, :body, '{}'::jsonb, now())
""")


async def frame_for(socket_: Any, operation_id: str) -> dict[str, Any]:
    while True:
        message = json.loads(await asyncio.wait_for(socket_.recv(), 5))
        if message.get("id") == operation_id:
            return dict(message)


async def test_a_mutation_over_the_socket_survives_events_delivered_meanwhile(
    live: str, staff: GraphQLClient, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    reached, release = asyncio.Event(), asyncio.Event()
    original = comments.run_mutation

    async def pausing(info: Any, action: Any) -> Any:
        result = await original(info, action)  # written and flushed, not yet committed
        reached.set()
        await release.wait()
        return result

    monkeypatch.setattr(comments, "run_mutation", pausing)
    ticket = await new_ticket(staff, "NOISE")
    other = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    try:
        await over_one_socket(live, staff, (ticket, other), engine, app, reached, release)
    finally:
        release.set()  # never leave the mutation waiting, or the server cannot stop
    async with create_sessionmaker(engine)() as session:
        stored = (await session.execute(
            text("SELECT count(*) FROM ticket_events WHERE message = 'soket üzerinden'")
        )).scalar_one()
    assert stored == 1


async def over_one_socket(
    live: str, staff: GraphQLClient, tickets: tuple[dict[str, Any], dict[str, Any]], engine: AsyncEngine, app: Any,
    reached: asyncio.Event, release: asyncio.Event,
) -> None:
    ticket, other = tickets
    cookie = staff.http.cookies["cozum_session"]
    async with create_sessionmaker(engine)() as earlier, connection(live, cookie=cookie) as socket_:
        await start(socket_, "events", EVENTS)
        await settled(app.state.hub, 1)
        # A change to another ticket takes its id first and commits while the mutation waits:
        # the hub then delivers it to this connection (a later id would wait for the mutation).
        await earlier.begin()
        await earlier.execute(INSERT_NOTE, {"ticket_id": from_global_id(other["id"])[1], "body": "arada"})
        variables = {"input": {"ticketId": ticket["id"], "body": "soket üzerinden"}}
        await start(socket_, "note", NOTE, variables)
        await asyncio.wait_for(reached.wait(), 5)
        await earlier.commit()
        heard = await frame_for(socket_, "events")
        assert heard["payload"]["data"]["ticketEvents"]["event"]["message"] == "arada"
        release.set()
        answer = await frame_for(socket_, "note")
        assert answer["type"] == "next" and not answer["payload"].get("errors"), answer
        assert answer["payload"]["data"]["addInternalNote"]["userErrors"] == []
        then = await frame_for(socket_, "events")
        assert then["payload"]["data"]["ticketEvents"]["event"]["message"] == "soket üzerinden"


async def test_subscriptions_sent_together_are_all_authenticated(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    """A console subscribes to several feeds at once, right after the acknowledgement: the
    credentials are looked up once, and no operation runs before that lookup has finished."""
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with connection(live, cookie=staff.http.cookies["cozum_session"]) as socket_:
        for operation_id in ("a", "b", "c"):
            await start(socket_, operation_id, EVENTS)
        await settled(app.state.hub, 3)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "herkese"}})
        heard: dict[str, Any] = {}
        while len(heard) < 3:
            message = json.loads(await asyncio.wait_for(socket_.recv(), 5))
            heard[message["id"]] = message
    assert sorted(heard) == ["a", "b", "c"]
    assert [m["payload"]["data"]["ticketEvents"]["event"]["message"] for m in heard.values()] == ["herkese"] * 3
