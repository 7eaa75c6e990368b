from datetime import datetime
from typing import Any

import strawberry

from cozum.auth.types import StaffUser
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.models import TicketEvent as TicketEventRow
from cozum.tickets.types import Ticket, TicketEvent


@strawberry.type(description="One change of a ticket, as it happens.")
class TicketEventMessage:
    cursor: str = strawberry.field(description="Pass as `after` when resubscribing to miss nothing.")
    event: TicketEvent
    ticket: Ticket
    # Every subscriber of one audience receives this same object; the executor keeps the
    # result of each document here so it runs once, not once per subscriber.
    shared_results: strawberry.Private[dict[Any, Any]]


@strawberry.type(description="Counters for dashboards, sent whenever they change.")
class LiveStats:
    received: int
    resolved: int
    pending: int = strawberry.field(description="Open: not resolved, rejected, forwarded or merged.")
    overdue: int
    received_today: int
    at: datetime
    shared_results: strawberry.Private[dict[Any, Any]]


@strawberry.type(description="Who has a ticket open in the console now, sent again whenever that changes.")
class TicketViewers:
    ticket_id: strawberry.ID
    viewers: list[StaffUser] = strawberry.field(
        description="Each person once, by name, you among them: name and department (e-mail and role are null)."
    )
    shared_results: strawberry.Private[dict[Any, Any]]


def message_of(event: TicketEventRow, ticket: TicketRow) -> TicketEventMessage:
    """A fresh message (with its own result cache) for one audience."""
    return TicketEventMessage(
        cursor=str(event.id), event=TicketEvent.from_row(event), ticket=Ticket.from_row(ticket), shared_results={}
    )
