"""One per process: hears committed events, reads them once, hands them to subscribers."""

import asyncio
import contextlib
import logging
import time
import weakref
from collections.abc import Hashable
from typing import Any

from starlette.websockets import WebSocket

from cozum.db import SessionMaker
from cozum.live import recheck
from cozum.live.broadcast import Groups, broadcast
from cozum.live.feed import Feed, FeedEvent
from cozum.live.listener import Listener
from cozum.live.metrics import LiveCounters
from cozum.live.stats import live_stats
from cozum.live.subscribers import CitizenSubscriber, StaffSubscriber, StatsSubscriber, Subscriber
from cozum.live.types import TicketEventMessage, message_of
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import can_read
from cozum.tickets.tracking import tracked_request

log = logging.getLogger(__name__)
GAP_RECHECK = 0.05
STATS_INTERVAL = 1.0
CLOSE_TIMEOUT = 5.0


class Hub:
    def __init__(self, dsn: str, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker
        self.feed = Feed()
        self.staff = Groups()
        self.citizens: dict[int, Groups] = {}  # by ticket id
        self.stats = Groups()
        self.counters = LiveCounters()
        self.listener = Listener(dsn, on_notify=self.wake, on_reconnect=self.wake)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._stats_due = 0.0
        self._stats_pending = False
        self._rechecked = time.monotonic()
        self._closing: set[asyncio.Task[None]] = set()
        # WebSocket connections with credentials, checked again every RECHECK_INTERVAL.
        self.connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self.started = asyncio.Event()

    @property
    def low_water(self) -> int:
        return self.feed.low_water

    def wake(self) -> None:
        self._wake.set()

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
        if not self.connections:
            self.wake()  # the hub may be waiting without a timeout: now it has rights to check
        self.connections.add(connection)

    def remove(self, subscriber: Subscriber) -> None:
        subscriber.close()
        groups, key = self._place(subscriber, create=False)
        if groups is None:
            return
        groups.remove(key, subscriber)
        if isinstance(subscriber, CitizenSubscriber) and not groups:
            del self.citizens[subscriber.ticket_id]

    def _place(self, subscriber: Subscriber, create: bool) -> tuple[Groups | None, Hashable]:
        if isinstance(subscriber, StaffSubscriber):
            key = (subscriber.audience, subscriber.department_ids, subscriber.ticket_ids, subscriber.render_key)
            return self.staff, key
        if isinstance(subscriber, CitizenSubscriber):
            watching = self.citizens.get(subscriber.ticket_id)
            if watching is None and create:
                watching = self.citizens[subscriber.ticket_id] = Groups()
            return watching, subscriber.render_key
        assert isinstance(subscriber, StatsSubscriber)
        return self.stats, subscriber.render_key

    def _all_subscribers(self) -> list[Subscriber]:
        return [*self.staff, *self.stats, *(s for groups in self.citizens.values() for s in groups)]

    @property
    def subscriber_count(self) -> int:
        return len(self.staff) + len(self.stats) + sum(len(g) for g in self.citizens.values())

    def _timeout(self) -> float | None:
        waits = []
        if self.feed.waiting_on_gap:
            waits.append(GAP_RECHECK)
        if self._stats_pending:
            waits.append(max(0.0, self._stats_due - time.monotonic()))
        if self.connections:
            waits.append(max(0.0, self._rechecked + recheck.RECHECK_INTERVAL - time.monotonic()))
        return min(waits) if waits else None

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._timeout())
            self._wake.clear()
            try:
                await self._drain()
                await self._send_stats_when_due()
                await self._recheck_when_due()
            except Exception:
                # The hub must outlive a failed read (PostgreSQL restarting, say).
                log.exception("live hub read failed; retrying")
                await asyncio.sleep(0.5)
                self.wake()

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

    async def _recheck_when_due(self) -> None:
        if time.monotonic() < self._rechecked + recheck.RECHECK_INTERVAL:
            return
        self._rechecked = time.monotonic()
        connections = list(self.connections)
        subscribers = [s for s in self.staff if isinstance(s, StaffSubscriber) and s.context is not None]
        if not connections and not subscribers:
            return
        async with self.sessionmaker() as session:
            stale = dict(await recheck.stale_connections(session, [*connections, *(s.context for s in subscribers)]))
        closing = {context.request for context in stale}
        for subscriber in self._all_subscribers():
            context = getattr(subscriber.executor, "context_value", None)
            if context is not None and context.request in closing:
                subscriber.close()
        # Operations of one connection have contexts of their own: close each socket once.
        sockets = {context.request: verdict for context, verdict in stale.items()}
        for socket, verdict in sockets.items():
            if verdict is recheck.ENDED:
                self.counters.closed_ended += 1
            else:
                self.counters.closed_changed += 1
            if isinstance(socket, WebSocket):
                self._close_later(socket, verdict)

    def _close_later(self, socket: WebSocket, verdict: recheck.Verdict) -> None:
        """Never in the hub's own time: a client that stopped reading would stop it too."""

        async def close() -> None:
            with contextlib.suppress(Exception):  # already closing, or stuck: the keep-alive ends it
                await asyncio.wait_for(socket.close(code=verdict.code, reason=verdict.reason), CLOSE_TIMEOUT)

        task = asyncio.create_task(close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def _drain(self) -> None:
        while True:
            async with self.sessionmaker() as session:
                await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                position = self.feed.position()
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
        for item in ready:
            await self._to_staff(item, staff)
            # Let subscriptions on the mailbox path drain between events: a commit of many
            # events must not overflow a console that reads promptly.
            await asyncio.sleep(0)
        await self._to_citizens(session, ready)
        if self.stats:
            self._stats_pending = True

    async def _to_staff(self, item: FeedEvent, groups: list[tuple[Hashable, list[Subscriber]]]) -> None:
        ticket_id, department = item.ticket.id or 0, item.ticket.department_id
        messages: dict[Any, TicketEventMessage | None] = {}
        for _, members in groups:
            first = members[0]
            assert isinstance(first, StaffSubscriber)
            if not first.wants(ticket_id, department):
                continue
            if first.audience not in messages:
                allowed = can_read(first.actor, department)
                messages[first.audience] = message_of(item.event, item.ticket) if allowed else None
            message = messages[first.audience]
            if message is not None:
                await self._broadcast(message, members, item.id)

    async def _broadcast(self, message: Any, members: list[Subscriber], cursor: int | None = None) -> None:
        try:
            await broadcast(message, members, self.counters, cursor)
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
