"""A subscriber's mailbox: bounded, so one slow client cannot make the process grow."""

import asyncio
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError

from cozum.auth.actor import Actor
from cozum.auth.permissions import Permission, TicketScope

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
    queue: "asyncio.Queue[Any]" = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))
    overflowed: bool = False

    def offer(self, message: Any) -> None:
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(message)
        except asyncio.QueueFull:
            # Drop the backlog rather than grow: the client resumes from its last cursor.
            self.overflowed = True
            while not self.queue.empty():
                self.queue.get_nowait()
            self.queue.put_nowait(_OVERFLOW)

    async def next(self) -> Any:
        message = await self.queue.get()
        if message is _OVERFLOW:
            raise SubscriberTooSlow()
        return message


@dataclass(eq=False)
class StaffSubscriber(Subscriber):
    actor: Actor = field(default_factory=lambda: Actor(label="?"))
    department_ids: frozenset[int] = frozenset()
    ticket_ids: frozenset[int] = frozenset()

    @property
    def audience(self) -> tuple[Any, ...]:
        """Subscribers with the same audience read the same tickets: one access check and
        one rendered result serve them all."""
        scope = self.actor.ticket_scope
        department = self.actor.department_id if scope is TicketScope.DEPARTMENT else None
        return (self.actor.can(Permission.READ_TICKETS), scope, department)

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
