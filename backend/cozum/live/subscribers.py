"""A subscriber: a bounded mailbox, and a wire the hub may write to directly while idle.

Two ways reach the client, and a subscriber is on exactly one at a time, so frames stay
in order:
- direct: the mailbox is empty and the subscription's task is parked; the hub renders
  each event once for everyone sharing the document and writes the frame to the socket;
- mailbox: everything else (replays, a result with errors, the legacy protocol, a socket
  that could not take a frame at once). The task yields each message through Strawberry,
  and goes back to direct once the mailbox is empty.
"""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from starlette.websockets import WebSocketDisconnect

from cozum.auth.actor import Actor
from cozum.auth.permissions import Permission, TicketScope
from cozum.kit.eager import run_eagerly
from cozum.live.executor import SharedResultExecutionContext, current_executor
from cozum.live.mailbox import Mailbox
from cozum.live.wire import Wire, current_wire

QUEUE_SIZE = 256


class SubscriberTooSlow(GraphQLError):
    """Raised in the subscriber's stream after its mailbox overflowed; carries a code so
    the hint to resume survives error masking in production."""

    def __init__(self) -> None:
        super().__init__(
            "This subscription fell behind and was dropped; resubscribe with your last cursor.",
            extensions={"code": "SUBSCRIPTION_DROPPED"},
        )


_OVERFLOW = object()


@dataclass(eq=False)
class Subscriber:
    queue: Mailbox = field(default_factory=lambda: Mailbox(QUEUE_SIZE))
    overflowed: bool = False
    # Who renders this subscription's events, and the socket to write them to (None on
    # the legacy protocol, which then always goes through the mailbox).
    executor: SharedResultExecutionContext | None = field(default_factory=current_executor.get)
    wire: Wire | None = field(default_factory=current_wire.get)
    direct: bool = False
    closed: bool = False
    # The last event id sent, whichever way: a replay and the live stream may overlap.
    last: int = 0
    # A direct write the socket could not take at once: later messages wait behind it.
    _pending: "asyncio.Future[None] | None" = None

    @property
    def render_key(self) -> Any:
        """Subscribers with equal keys (and equal read rights) get byte-identical results."""
        return self.executor.shared_key() if self.executor is not None else id(self)

    def offer(self, message: Any) -> None:
        """Through the mailbox: the subscription's task sends it."""
        self.direct = False
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            # Drop the backlog rather than grow: the client resumes from its last cursor.
            self.drop()

    def drop(self) -> None:
        """End the subscription with the hint to resubscribe from the last cursor."""
        self.direct, self.overflowed = False, True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(_OVERFLOW)

    def close(self) -> None:
        """Deliver nothing more: the connection is being closed."""
        self.direct, self.closed = False, True

    def write(self, data: str) -> None:
        """Directly: `data` is the event's rendered result, encoded. Only while `direct`."""
        assert self.wire is not None and self.direct
        if not self.wire.open:
            self.close()
            return
        try:
            pending = run_eagerly(self.wire.send(data))
        except (WebSocketDisconnect, RuntimeError, OSError):
            # The socket is gone (or closing); the connection's own task notices and ends the subscription.
            self.close()
            return
        if pending is not None:
            # The socket is full: back to the mailbox, which bounds what this client costs.
            self.direct = False
            self._pending = pending

    async def messages(self) -> AsyncIterator[Any]:
        """What the hub put in the mailbox, in order, going direct whenever it is empty."""
        while True:
            if self.queue.empty() and self.wire is not None and not self.closed:
                # Nothing is waiting and the last yield has been sent: the hub may write.
                self.direct = True
            message = await self.queue.get()
            if self._pending is not None:
                # A frame written directly before this message must be on the wire first
                # (the drop notice included).
                pending, self._pending = self._pending, None
                await asyncio.wait((pending,))
            if message is _OVERFLOW:
                raise SubscriberTooSlow()
            yield message


@dataclass(eq=False)
class StaffSubscriber(Subscriber):
    actor: Actor = field(default_factory=lambda: Actor(label="?"))
    # The connection's context: its credentials are checked again while it is open.
    context: Any = None
    department_ids: frozenset[int] = frozenset()
    ticket_ids: frozenset[int] = frozenset()

    @property
    def audience(self) -> tuple[Any, ...]:
        """Subscribers with the same audience read the same tickets: one access check and
        one rendered result serve them all."""
        scope = self.actor.ticket_scope
        department = self.actor.department_id if scope is TicketScope.DEPARTMENT else None
        return (self.actor.can(Permission.READ_TICKETS), scope, department)

    @property
    def group_key(self) -> tuple[Any, ...]:
        return (self.audience, self.department_ids, self.ticket_ids, self.render_key)

    def wants(self, ticket_id: int, department_id: int | None) -> bool:
        if self.ticket_ids and ticket_id not in self.ticket_ids:
            return False
        return not self.department_ids or department_id in self.department_ids


@dataclass(eq=False)
class CitizenSubscriber(Subscriber):
    ticket_id: int = 0


@dataclass(eq=False)
class StatsSubscriber(Subscriber):
    pass


@dataclass(eq=False)
class ViewerSubscriber(Subscriber):
    """A console showing one ticket: registered as its viewer while the subscription lives."""

    ticket_id: int = 0
    actor: Actor = field(default_factory=lambda: Actor(label="?"))
    context: Any = None
    # This subscription's row in ticket_viewers (one person may have the ticket open twice).
    connection_id: str = ""
    # Lists go only to those whose own row is in: none without oneself in it.
    joined: bool = False
    # The list last handed to this subscriber, so an unchanged list is not sent again.
    shown: Any = None

    def show(self, key: Any) -> bool:
        """Whether a list with this key is news to the subscriber (and now it is not)."""
        if key == self.shown:
            return False
        self.shown = key
        return True
