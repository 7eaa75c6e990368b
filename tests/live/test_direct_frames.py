"""The hub writes rendered frames straight to idle graphql-transport-ws subscribers.

What must hold: the frames are exactly those the subscription's own task would send,
switching between the two paths never reorders or repeats an event, and an operation
the client completed gets nothing more.
"""

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.db import create_sessionmaker, transaction
from cozum.kit.relay import from_global_id
from cozum.live import broadcast
from cozum.live.hub import READ_SPACING
from cozum.live.subscribers import Subscriber
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, connection, settled, start
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = """subscription($after: String) {
  ticketEvents(after: $after) {
    cursor event { type message public } ticket { reference status department { code name } }
  }
}"""

INSERT_NOTE = text("""
INSERT INTO ticket_events (ticket_id, type, actor_label, public, message, data, created_at)
VALUES (:ticket_id, 'INTERNAL_NOTE', 'test', false, :body, '{}'::jsonb, now())
""")


@contextlib.asynccontextmanager
async def raw_subscription(
    base: str, staff: GraphQLClient, variables: dict[str, Any], query: str = EVENTS
) -> AsyncIterator[Any]:
    """A socket that has sent `subscribe` with id "1"; frames are read as text."""
    async with connection(base, cookie=staff.http.cookies["cozum_session"], compression=None) as socket_:
        await start(socket_, "1", query, variables)
        yield socket_


async def next_frame(socket_: Any) -> str:
    frame = await asyncio.wait_for(socket_.recv(), 5)
    assert isinstance(frame, str)
    return frame


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Subscriber]:
    """Every direct write the hub makes, by subscriber."""
    made: list[Subscriber] = []
    original = Subscriber.write

    def write(self: Subscriber, data: str) -> None:
        made.append(self)
        original(self, data)

    monkeypatch.setattr(Subscriber, "write", write)
    return made


async def test_a_direct_frame_is_the_frame_the_task_would_have_sent(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber]
) -> None:
    ticket = await new_ticket(staff, "PARK_MAINTENANCE")
    await caught_up(app.state.hub)
    async with raw_subscription(live, staff, {}) as direct:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "Çim biçildi ğüşıöç"}})
        live_frame = await next_frame(direct)
    assert len(writes) == 1, "the live event was not written by the hub"
    cursor = json.loads(live_frame)["payload"]["data"]["ticketEvents"]["cursor"]
    # The same event again, replayed through the subscription's task and Strawberry.
    async with raw_subscription(live, staff, {"after": str(int(cursor) - 1)}) as replayed:
        replay_frame = await next_frame(replayed)
    assert len(writes) == 1
    assert replay_frame == live_frame
    assert json.loads(live_frame)["payload"]["data"]["ticketEvents"]["event"]["message"] == "Çim biçildi ğüşıöç"


async def test_falling_back_to_the_task_path_keeps_every_event_once_and_in_order(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber], monkeypatch: pytest.MonkeyPatch,
    engine: AsyncEngine,
) -> None:
    """The first rendering is refused (as a result with errors would be): that event goes
    through the mailbox, and the hub writes the next ones directly again only once the
    subscription's task has sent it (the hub lets it run between two events)."""
    renders = 0
    original = broadcast.render

    async def refuse_the_first(subscriber: Subscriber, message: Any, *batch: Any) -> str | None:
        nonlocal renders
        renders += 1
        return None if renders == 1 else await original(subscriber, message, *batch)

    monkeypatch.setattr(broadcast, "render", refuse_the_first)
    ticket_id = from_global_id((await new_ticket(staff, "NOISE"))["id"])[1]
    await caught_up(app.state.hub)
    # No field that reads the database: rendering never pauses the hub between two events.
    async with raw_subscription(live, staff, {}, "subscription { ticketEvents { cursor event { message } } }") as socket_:
        await settled(app.state.hub, 1)
        received: list[dict[str, Any]] = []
        for batch in ("ilk", "son"):
            bodies = [f"{batch} {i}" for i in range(4)]
            async with transaction(create_sessionmaker(engine)) as session:
                for body in bodies:
                    await session.execute(INSERT_NOTE, {"ticket_id": ticket_id, "body": body})
            received += [json.loads(await next_frame(socket_))["payload"]["data"]["ticketEvents"] for _ in bodies]
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(socket_.recv(), 0.3)
    assert [m["event"]["message"] for m in received] == [f"{b} {i}" for b in ("ilk", "son") for i in range(4)]
    cursors = [int(m["cursor"]) for m in received]
    assert cursors == sorted(set(cursors))
    # One rendering per event the hub wrote or tried to: all but the refused one went direct.
    assert (renders, len(writes)) == (8, 7)


async def test_a_message_offered_to_the_mailbox_takes_the_subscriber_off_direct_writes() -> None:
    """Otherwise the hub's next direct write could overtake what waits in the mailbox."""
    subscriber = Subscriber()
    subscriber.direct = True
    subscriber.offer("waiting")
    assert not subscriber.direct


async def test_a_completed_operation_gets_no_more_frames(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber]
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with raw_subscription(live, staff, {}) as socket_:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "ilk"}})
        assert json.loads(await next_frame(socket_))["type"] == "next"
        await socket_.send(json.dumps({"id": "1", "type": "complete"}))
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "sonra"}})
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(socket_.recv(), 0.3)
        async with asyncio.timeout(5):
            while len(app.state.hub.staff):  # noqa: ASYNC110 - polling another task's state
                await asyncio.sleep(0.01)
    assert len(writes) == 1


async def test_the_legacy_protocol_is_served_by_the_task_path(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber]
) -> None:
    from tests.fixtures.live import subscribe

    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with subscribe(live, EVENTS, cookies=cookies, protocol="graphql-ws") as events:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "eski"}})
        message = (await events.next())["data"]["ticketEvents"]
    assert message["event"]["message"] == "eski"
    assert writes == []


async def test_consoles_resuming_from_different_cursors_share_one_rendering(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a restart every console resumes from its own cursor; they must not each cost a
    rendering per event from then on."""
    renders = 0
    original = broadcast.render

    async def counting(subscriber: Subscriber, message: Any, *batch: Any) -> str | None:
        nonlocal renders
        renders += 1
        return await original(subscriber, message, *batch)

    monkeypatch.setattr(broadcast, "render", counting)
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    newest = app.state.hub.low_water
    async with raw_subscription(live, staff, {"after": str(newest)}) as first, \
            raw_subscription(live, staff, {"after": str(newest - 1)}) as second:
        await settled(app.state.hub, 2)
        await next_frame(second)  # the one event it missed
        assert len(app.state.hub.staff.snapshot()) == 1
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "ortak"}})
        frames = [await next_frame(first), await next_frame(second)]
    assert frames[0] == frames[1]
    assert (renders, len(writes)) == (1, 2)


async def test_a_batch_of_events_reads_each_department_once(
    live: str, staff: GraphQLClient, app: Any, writes: list[Subscriber], engine: AsyncEngine,
) -> None:
    """Events committed together are rendered in one context per group: the console's
    `department` is read once for the batch, not once per event (each a pooled connection and
    a transaction, which held a busy hub to a few dozen events a second)."""
    ticket_id = from_global_id((await new_ticket(staff, "NOISE"))["id"])[1]
    await caught_up(app.state.hub)
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sync_engine = app.state.engine.sync_engine
    async with raw_subscription(live, staff, {}) as socket_:
        await settled(app.state.hub, 1)
        event.listen(sync_engine, "before_cursor_execute", record)
        try:
            async with transaction(create_sessionmaker(engine)) as db:
                for n in range(20):
                    await db.execute(INSERT_NOTE, {"ticket_id": ticket_id, "body": f"not {n}"})
            frames = [json.loads(await next_frame(socket_)) for _ in range(20)]
        finally:
            event.remove(sync_engine, "before_cursor_execute", record)
    notes = [f["payload"]["data"]["ticketEvents"] for f in frames]
    assert [n["event"]["message"] for n in notes] == [f"not {n}" for n in range(20)]
    assert {n["ticket"]["department"]["code"] for n in notes} == {"ZABITA"}
    assert len(writes) == 20
    assert sum("FROM departments" in s for s in statements) == 1, statements


async def test_a_stream_of_commits_is_read_a_few_at_a_time(
    live: str, staff: GraphQLClient, app: Any, engine: AsyncEngine,
) -> None:
    """Twenty commits a few milliseconds apart, each with its own NOTIFY: the hub reads them in a
    few reads spaced READ_SPACING apart, not one read (a transaction and two statements) each,
    and every event still reaches the console, in order."""
    ticket_id = from_global_id((await new_ticket(staff, "NOISE"))["id"])[1]
    hub = app.state.hub
    await caught_up(hub)
    async with raw_subscription(live, staff, {}) as socket_:
        await settled(hub, 1)
        reads, started = hub.counters.reads, time.monotonic()
        async with engine.connect() as db:
            for n in range(20):
                async with db.begin():
                    await db.execute(INSERT_NOTE, {"ticket_id": ticket_id, "body": f"not {n}"})
                await asyncio.sleep(0.005)  # a stream, not one burst: time enough for a read each
        took = time.monotonic() - started
        frames = [json.loads(await next_frame(socket_)) for _ in range(20)]
        read = hub.counters.reads - reads
    notes = [f["payload"]["data"]["ticketEvents"]["event"]["message"] for f in frames]
    assert notes == [f"not {n}" for n in range(20)]
    # One read at the first commit, one per spacing while commits kept coming, one for the
    # last, and one more should the last NOTIFY arrive after the read that saw its commit (a
    # slow machine takes longer over the commits, and reads more often).
    assert 1 <= read <= 3 + took / READ_SPACING, (read, took)
