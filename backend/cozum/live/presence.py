"""This process's ticketViewers subscriptions, by ticket, and the lists they are sent.

Kept by the hub beside its other subscribers: the same listener wakes it (on the
`ticket_viewers` channel), the same loop refreshes lists and beats, the same credential
re-check closes a console whose rights went.
"""

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from cozum.auth.models import User
from cozum.auth.types import StaffUser
from cozum.db import SessionMaker, transaction
from cozum.kit.relay import to_global_id
from cozum.live import viewers
from cozum.live.broadcast import Groups
from cozum.live.subscribers import Subscriber, ViewerSubscriber
from cozum.live.types import TicketViewers
from cozum.tickets.repository import can_read

# Put in a subscriber's mailbox when it may no longer read the ticket (it was routed away).
TICKET_GONE = object()

Broadcast = Callable[[Any, list[Subscriber]], Awaitable[None]]  # the hub's, which survives a failed group


def viewers_message(ticket_id: int, users: list[User]) -> tuple[TicketViewers, tuple[Any, ...]]:
    """The message, and what tells two lists apart (so an unchanged one is not sent again)."""
    message = TicketViewers(
        ticket_id=to_global_id("Ticket", ticket_id), viewers=[StaffUser.from_row(u) for u in users], shared_results={}
    )
    return message, tuple((u.id, u.name, u.department_id) for u in users)


class Presence:
    def __init__(self, sessionmaker: SessionMaker) -> None:
        self.sessionmaker = sessionmaker
        self.watching: dict[int, Groups] = {}  # by ticket id
        self._changed: set[int] = set()
        self._beat_at = time.monotonic() + viewers.HEARTBEAT

    def groups(self, ticket_id: int, create: bool) -> Groups | None:
        watching = self.watching.get(ticket_id)
        if watching is None and create:
            if not self.watching:
                self._beat_at = time.monotonic() + viewers.HEARTBEAT
            watching = self.watching[ticket_id] = Groups()
        return watching

    def forget_if_empty(self, ticket_id: int) -> None:
        if not self.watching.get(ticket_id, True):
            del self.watching[ticket_id]

    def __iter__(self) -> Iterator[Subscriber]:
        for groups in list(self.watching.values()):
            yield from groups

    def __len__(self) -> int:
        return sum(len(groups) for groups in self.watching.values())

    def changed(self, payload: str) -> None:
        """Someone joined or left the ticket `payload` names, in some process."""
        if payload.isascii() and payload.isdigit() and int(payload) in self.watching:
            self._changed.add(int(payload))

    def all_changed(self) -> None:
        """After the listener was away: what it missed is read from the table."""
        self._changed.update(self.watching)

    def due_in(self) -> float | None:
        if self._changed:
            return 0.0
        if not self.watching:
            return None
        return max(0.0, self._beat_at - time.monotonic())

    def ticket_moved(self, ticket_id: int, department_id: int | None) -> None:
        """A watched ticket changed: whoever may no longer read it stops watching it."""
        for subscriber in self.watching.get(ticket_id) or ():
            assert isinstance(subscriber, ViewerSubscriber)
            if not can_read(subscriber.actor, department_id):
                subscriber.offer(TICKET_GONE)

    async def join(self, subscriber: ViewerSubscriber) -> None:
        async with transaction(self.sessionmaker) as session:
            await viewers.register(session, subscriber)
        subscriber.joined = True

    async def leave(self, subscriber: ViewerSubscriber) -> None:
        async with transaction(self.sessionmaker) as session:
            await viewers.unregister(session, subscriber.connection_id)

    async def current(self, ticket_id: int) -> tuple[TicketViewers, tuple[Any, ...]]:
        async with self.sessionmaker() as session:
            return viewers_message(ticket_id, await viewers.viewers_of(session, ticket_id))

    async def run_when_due(self, broadcast: Broadcast) -> None:
        await self._send_changed(broadcast)
        if self.watching and time.monotonic() >= self._beat_at:
            self._beat_at = time.monotonic() + viewers.HEARTBEAT
            async with transaction(self.sessionmaker) as session:
                await viewers.refresh(session, [s for s in self if isinstance(s, ViewerSubscriber)])
                await viewers.remove_stale(session)

    async def _send_changed(self, broadcast: Broadcast) -> None:
        changed, self._changed = self._changed, set()
        try:
            for ticket_id in changed:
                groups = self.watching.get(ticket_id)
                if groups is None:
                    continue
                # Only to those whose own row was in before the list is read: one who joins
                # while it is read has already shown a newer list, which this one would undo
                # (without them in it). Their join's announcement brings the next read.
                joined = [
                    [m for m in members if isinstance(m, ViewerSubscriber) and m.joined]
                    for _, members in groups.snapshot()
                ]
                message, key = await self.current(ticket_id)
                for members in joined:
                    news: list[Subscriber] = [
                        m for m in members if not m.closed and m.show(key)
                    ]
                    if news:
                        await broadcast(message, news)
        except Exception:
            self._changed |= changed  # read again on the hub's next round
            raise
