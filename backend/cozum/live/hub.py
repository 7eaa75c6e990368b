"""One per process: hears committed events, reads them once, hands them to subscribers."""

import asyncio
import contextlib
import logging
import time
from collections.abc import Hashable
from typing import Any

from cozum.db import SessionMaker
from cozum.edge.websocket import held_writes
from cozum.live.broadcast import Groups, Renderings, broadcast
from cozum.live.connections import Connections
from cozum.live.feed import Feed, FeedEvent
from cozum.live.listener import Listener
from cozum.live.metrics import LiveCounters
from cozum.live.presence import Presence
from cozum.live.stats import live_stats
from cozum.live.subscribers import CitizenSubscriber, StaffSubscriber, StatsSubscriber, Subscriber, ViewerSubscriber
from cozum.live.types import TicketEventMessage, message_of
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import can_read
from cozum.tickets.tracking import tracked_request

log = logging.getLogger(__name__)
GAP_RECHECK = 0.05
STATS_INTERVAL = 1.0
# Under a stream of commits, one read per this many seconds serves all that committed meanwhile.
# A read costs a transaction, two statements and a rendering context per group of consoles
# whatever it finds (about a millisecond of this process), so reading at every commit's NOTIFY
# cost as much again as the submissions themselves at a hundred a second. After a quiet spell
# the first commit is read at once; a console waits at most this long more under load.
READ_SPACING = 0.05


class Hub:
    def __init__(self, dsn: str, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker
        self.feed = Feed()
        self.staff = Groups()
        self.citizens: dict[int, Groups] = {}  # by ticket id
        self.stats = Groups()
        self.counters = LiveCounters()
        self.presence = Presence(sessionmaker)
        self.listener = Listener(
            dsn, on_notify=self.wake, on_reconnect=self._reconnected, on_viewers=self._viewers_changed
        )
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stats_due = 0.0
        self._stats_pending = False
        self._last_read = 0.0
        self.connections = Connections(sessionmaker, self.counters, self.wake)
        self.started = asyncio.Event()

    @property
    def low_water(self) -> int:
        return self.feed.low_water

    def wake(self) -> None:
        self._wake.set()

    def _reconnected(self) -> None:
        self.presence.all_changed()
        self.wake()

    def _viewers_changed(self, payload: str) -> None:
        self.presence.changed(payload)
        self.wake()

    async def start(self) -> None:
        async with self.sessionmaker() as session:
            await self.feed.start(session)
        await self.listener.start()
        self._task = asyncio.create_task(self._run(), name="live-hub")
        self.started.set()

    async def stop(self) -> None:
        await self.listener.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def add(self, subscriber: Subscriber) -> None:
        groups, key = self._place(subscriber, create=True)
        assert groups is not None
        groups.add(key, subscriber)

    def watch(self, connection: Any) -> None:
        self.connections.watch(connection)

    def remove(self, subscriber: Subscriber) -> None:
        subscriber.close()
        groups, key = self._place(subscriber, create=False)
        if groups is None:
            return
        groups.remove(key, subscriber)
        if isinstance(subscriber, CitizenSubscriber) and not groups:
            del self.citizens[subscriber.ticket_id]
        if isinstance(subscriber, ViewerSubscriber):
            self.presence.forget_if_empty(subscriber.ticket_id)

    def _place(self, subscriber: Subscriber, create: bool) -> tuple[Groups | None, Hashable]:
        if isinstance(subscriber, StaffSubscriber):
            key = (subscriber.audience, subscriber.department_ids, subscriber.ticket_ids, subscriber.render_key)
            return self.staff, key
        if isinstance(subscriber, CitizenSubscriber):
            watching = self.citizens.get(subscriber.ticket_id)
            if watching is None and create:
                watching = self.citizens[subscriber.ticket_id] = Groups()
            return watching, subscriber.render_key
        if isinstance(subscriber, ViewerSubscriber):
            return self.presence.groups(subscriber.ticket_id, create), subscriber.render_key
        assert isinstance(subscriber, StatsSubscriber)
        return self.stats, subscriber.render_key

    def _all_subscribers(self) -> list[Subscriber]:
        return [
            *self.staff, *self.stats, *(s for groups in self.citizens.values() for s in groups), *self.presence
        ]

    @property
    def subscriber_count(self) -> int:
        return len(self.staff) + len(self.stats) + sum(len(g) for g in self.citizens.values()) + len(self.presence)

    def _timeout(self) -> float | None:
        waits = []
        if self.feed.waiting_on_gap:
            waits.append(GAP_RECHECK)
        if self._stats_pending:
            waits.append(max(0.0, self._stats_due - time.monotonic()))
        for due_in in (self.connections.due_in(), self.presence.due_in()):
            if due_in is not None:
                waits.append(due_in)
        return min(waits) if waits else None

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._timeout())
            if self._wake.is_set():  # a commit's NOTIFY, not a timer: timers do not delay the next read
                await self._spaced()
            self._wake.clear()  # after the pause: what committed during it is read now
            try:
                await self._drain()
                await self._send_stats_when_due()
                await self.presence.run_when_due(self._broadcast)
                await self.connections.check_when_due(self._all_subscribers())
            except Exception:
                # The hub must outlive a failed read (PostgreSQL restarting, say).
                log.exception("live hub read failed; retrying")
                await asyncio.sleep(0.5)
                self.wake()

    async def _spaced(self) -> None:
        pause = self._last_read + READ_SPACING - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)
        self._last_read = time.monotonic()

    async def _send_stats_when_due(self) -> None:
        # Changes inside the throttle window are not dropped: they are sent when it ends.
        if not self._stats_pending or time.monotonic() < self._stats_due:
            return
        self._stats_pending = False
        self._stats_due = time.monotonic() + STATS_INTERVAL
        if not self.stats:
            return
        async with self.sessionmaker() as session:
            message = await live_stats(session)
        for _, members in self.stats.snapshot():
            await self._broadcast(message, members)

    async def _drain(self) -> None:
        while True:
            async with self.sessionmaker() as session:
                await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                position = self.feed.position()
                self.counters.reads += 1
                ready = await self.feed.read(session)
                try:
                    if ready:
                        await self._dispatch(session, ready)
                except Exception:
                    # Read the batch again next time; subscribers drop what they already had.
                    self.feed.restore(position)
                    raise
                # Detach, don't roll back: a rollback would expire rows still being rendered.
                session.expunge_all()
            if len(ready) < 100:
                return

    async def _dispatch(self, session: Any, ready: list[FeedEvent]) -> None:
        self.counters.events += len(ready)
        staff = self.staff.snapshot()
        renderings = Renderings()
        with held_writes():  # a console's frames of the batch leave in one write
            try:
                await self._each_to_staff(ready, staff, renderings)
            finally:
                await renderings.finish()
        await self._to_citizens(session, ready)
        if self.stats:
            self._stats_pending = True

    async def _each_to_staff(
        self, ready: list[FeedEvent], staff: list[tuple[Hashable, list[Subscriber]]], renderings: Renderings
    ) -> None:
        for item in ready:
            if item.ticket.id in self.presence.watching:
                self.presence.ticket_moved(item.ticket.id, item.ticket.department_id)
            offers = self.counters.mailbox_offers
            await self._to_staff(item, staff, renderings)
            if self.counters.mailbox_offers != offers:
                # Let subscriptions on the mailbox path drain between events: a commit of many
                # events must not overflow a console that reads promptly. Only then: on a busy
                # server a turn of the loop is milliseconds, and a yield per event would hold the
                # wire path's consoles to a few hundred events a second.
                await asyncio.sleep(0)

    async def _to_staff(
        self, item: FeedEvent, groups: list[tuple[Hashable, list[Subscriber]]], renderings: Renderings
    ) -> None:
        ticket_id, department = item.ticket.id or 0, item.ticket.department_id
        messages: dict[Any, TicketEventMessage | None] = {}
        for key, members in groups:
            first = members[0]
            assert isinstance(first, StaffSubscriber)
            if not first.wants(ticket_id, department):
                continue
            if first.audience not in messages:
                allowed = can_read(first.actor, department)
                messages[first.audience] = message_of(item.event, item.ticket) if allowed else None
            message = messages[first.audience]
            if message is not None:
                await self._broadcast(message, members, item.id, renderings, key)

    async def _broadcast(
        self, message: Any, members: list[Subscriber], cursor: int | None = None,
        renderings: Renderings | None = None, key: Hashable = None,
    ) -> None:
        try:
            await broadcast(message, members, self.counters, cursor, renderings, key)
        except Exception:
            # One group's failure must not stop the others, nor make the hub read the batch
            # again and again: those subscribers are dropped and resume by cursor.
            log.exception("live delivery to a group of %d failed", len(members))
            for member in members:
                member.drop()

    async def _to_citizens(self, session: Any, ready: list[FeedEvent]) -> None:
        changed = {item.ticket.id for item in ready if item.event.public and item.ticket.id in self.citizens}
        for ticket_id in changed:
            assert ticket_id is not None
            request: TrackedRequest | None = await tracked_request(session, ticket_id)
            watching = self.citizens.get(ticket_id)
            if request is None or watching is None:
                continue
            for _, members in watching.snapshot():
                await self._broadcast(request, members)
