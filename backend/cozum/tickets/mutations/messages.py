"""addInternalNote and replyToCitizen."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets import messages
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.models import TicketEvent as EventRow
from cozum.tickets.mutations.payloads import AddInternalNotePayload, ReplyToCitizenPayload
from cozum.tickets.types import Ticket, TicketEvent


@strawberry.input
class AddInternalNoteInput:
    ticket_id: strawberry.ID
    body: str = strawberry.field(description="For colleagues only; never shown to the citizen.")


@strawberry.input
class ReplyToCitizenInput:
    ticket_id: strawberry.ID
    body: str = strawberry.field(description="Shown on the citizen's tracking page.")


async def _with_ticket(session: AsyncSession, event: EventRow) -> tuple[EventRow, TicketRow | None]:
    return event, await session.get(TicketRow, event.ticket_id)


async def add_internal_note(info: Info, input: AddInternalNoteInput) -> AddInternalNotePayload:  # noqa: A002
    actor = info.context.actor

    async def act(session: AsyncSession) -> tuple[EventRow, TicketRow | None]:
        ticket_id = decode_id(input.ticket_id, "Ticket", ["input", "ticketId"])
        return await _with_ticket(session, await messages.add_internal_note(session, actor, ticket_id, input.body))

    result, errors = await run_mutation(info, act)
    if result is None:
        return AddInternalNotePayload(user_errors=errors)
    event, ticket = result
    return AddInternalNotePayload(event=TicketEvent.from_row(event), ticket=Ticket.from_row(ticket) if ticket else None)


async def reply_to_citizen(info: Info, input: ReplyToCitizenInput) -> ReplyToCitizenPayload:  # noqa: A002
    actor = info.context.actor

    async def act(session: AsyncSession) -> tuple[EventRow, TicketRow | None]:
        ticket_id = decode_id(input.ticket_id, "Ticket", ["input", "ticketId"])
        return await _with_ticket(session, await messages.reply_to_citizen(session, actor, ticket_id, input.body))

    result, errors = await run_mutation(info, act)
    if result is None:
        return ReplyToCitizenPayload(user_errors=errors)
    event, ticket = result
    return ReplyToCitizenPayload(event=TicketEvent.from_row(event), ticket=Ticket.from_row(ticket) if ticket else None)
