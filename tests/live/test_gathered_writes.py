"""A WebSocket's frames written in one turn of the event loop leave in one write, in order."""

import asyncio
import json
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.db import create_sessionmaker, transaction
from cozum.edge.websocket import HOLD_BYTES, GatheredWrites, held_writes
from cozum.kit.relay import from_global_id
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled
from tests.live.test_direct_frames import INSERT_NOTE, next_frame, raw_subscription
from tests.tickets.helpers import new_ticket


class Socket:
    """What the gathered writes reach: a transport that records them."""

    def __init__(self) -> None:
        self.written: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        assert not self.closed
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def abort(self) -> None:
        self.closed = True

    def get_write_buffer_size(self) -> int:
        return 0

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 4321) if name == "peername" else default


def gathered() -> tuple[GatheredWrites, Socket]:
    socket_ = Socket()
    return GatheredWrites(socket_, asyncio.get_running_loop()), socket_  # type: ignore[arg-type]


async def test_writes_of_one_turn_leave_together_and_in_order() -> None:
    writes, socket_ = gathered()
    writes.write(b"one ")
    writes.write(bytearray(b"two "))
    writes.write(b"")
    writes.write(memoryview(b"three"))
    assert socket_.written == [] and writes.get_write_buffer_size() == len(b"one two three")
    await asyncio.sleep(0)
    assert socket_.written == [b"one two three"]
    writes.write(b"four")
    await asyncio.sleep(0)
    assert socket_.written == [b"one two three", b"four"]


async def test_writes_held_by_a_task_leave_at_the_end_of_its_block() -> None:
    writes, socket_ = gathered()
    with held_writes():
        writes.write(b"one ")
        await asyncio.sleep(0)
        writes.write(b"two ")
        await asyncio.sleep(0)
        assert socket_.written == []
    assert socket_.written == [b"one two "]
    await asyncio.sleep(0)
    assert socket_.written == [b"one two "]


async def test_tasks_started_in_the_block_write_as_usual() -> None:
    """They inherit its context, not its hold: a frame of theirs (a send that waited for a full
    socket to drain, say) must not wait for a block that may have ended long before."""
    writes, socket_ = gathered()
    go_on = asyncio.Event()

    async def elsewhere() -> None:
        writes.write(b"pong ")
        await go_on.wait()
        writes.write(b"late")

    with held_writes():
        task = asyncio.create_task(elsewhere())
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        assert socket_.written == [b"pong "]
    go_on.set()
    await task
    await asyncio.sleep(0)
    assert socket_.written == [b"pong ", b"late"]


async def test_held_frames_leave_early_past_a_size() -> None:
    """So that the socket's flow control still sees a client that stopped reading."""
    writes, socket_ = gathered()
    frame = b"x" * (HOLD_BYTES // 4)
    with held_writes():
        for _ in range(5):
            writes.write(frame)
        assert socket_.written == [frame * 4]
    assert socket_.written == [frame * 4, frame]


async def test_a_close_sends_what_was_written_before_it_first() -> None:
    writes, socket_ = gathered()
    writes.write(b"last frame")
    writes.write(b"close frame")
    writes.close()
    assert socket_.written == [b"last frameclose frame"] and socket_.closed
    await asyncio.sleep(0)  # the turn's own flush finds nothing left
    assert socket_.written == [b"last frameclose frame"]


async def test_nothing_reaches_a_socket_that_is_closing_or_aborted() -> None:
    writes, socket_ = gathered()
    writes.write(b"dropped")
    writes.abort()
    await asyncio.sleep(0)
    assert socket_.written == []
    writes.write(b"after")
    await asyncio.sleep(0)
    assert socket_.written == []
    assert writes.get_extra_info("peername") == ("127.0.0.1", 4321)  # the rest is the socket's


async def test_a_console_gets_a_burst_of_events_in_a_few_writes(
    live: str, staff: GraphQLClient, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Served as `cozum serve` serves: twenty events committed together reach the console in
    order, in far fewer writes to its socket than frames."""
    flushes: list[int] = []
    original = GatheredWrites.flush

    def flush(self: GatheredWrites) -> None:
        if self._pending:
            flushes.append(len(self._pending))
        original(self)

    monkeypatch.setattr(GatheredWrites, "flush", flush)
    ticket_id = from_global_id((await new_ticket(staff, "NOISE"))["id"])[1]
    await caught_up(app.state.hub)
    async with raw_subscription(live, staff, {}) as socket_:
        await settled(app.state.hub, 1)
        before = len(flushes)
        async with transaction(create_sessionmaker(engine)) as db:
            for n in range(20):
                await db.execute(INSERT_NOTE, {"ticket_id": ticket_id, "body": f"not {n}"})
        frames = [json.loads(await next_frame(socket_)) for _ in range(20)]
    notes = [f["payload"]["data"]["ticketEvents"]["event"]["message"] for f in frames]
    assert notes == [f"not {n}" for n in range(20)]
    burst = flushes[before:]
    assert sum(burst) >= 20 and len(burst) <= 5, burst
