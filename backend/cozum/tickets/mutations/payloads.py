import strawberry

from cozum.kit.errors import UserError
from cozum.tickets.types import Ticket, TicketEvent


@strawberry.type
class TicketPayload:
    """The shape shared by mutations that change one ticket."""

    ticket: Ticket | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RouteTicketPayload(TicketPayload):
    pass


@strawberry.type
class AssignTicketPayload(TicketPayload):
    pass


@strawberry.type
class ChangeTicketStatusPayload(TicketPayload):
    pass


@strawberry.type
class ReopenTicketPayload(TicketPayload):
    pass


@strawberry.type
class MergeTicketsPayload(TicketPayload):
    """`ticket` is the target the others were merged into."""


@strawberry.type
class TicketEventPayload:
    ticket: Ticket | None = None
    event: TicketEvent | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AddInternalNotePayload(TicketEventPayload):
    pass


@strawberry.type
class ReplyToCitizenPayload(TicketEventPayload):
    pass
