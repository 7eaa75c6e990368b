"""addInternalNote and replyToCitizen."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.context import Info
from cozum.kit.mutations import at_input, run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets import comments
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


Write = Callable[[AsyncSession, Actor, int, str], Awaitable[EventRow]]
P = TypeVar("P", AddInternalNotePayload, ReplyToCitizenPayload)


async def _comment(info: Info, ticket_id: strawberry.ID, body: str, write: Write, payload: type[P]) -> P:
    actor = info.context.actor

    async def act(session: AsyncSession) -> tuple[EventRow, TicketRow | None]:
        event = await at_input(write(session, actor, decode_id(ticket_id, "Ticket", ["input", "ticketId"]), body))
        return event, await session.get(TicketRow, event.ticket_id)

    result, errors = await run_mutation(info, act)
    if result is None:
        return payload(user_errors=errors)
    event, ticket = result
    return payload(event=TicketEvent.from_row(event), ticket=Ticket.from_row(ticket) if ticket else None)


async def add_internal_note_mutation(info: Info, input: AddInternalNoteInput) -> AddInternalNotePayload:  # noqa: A002
    return await _comment(info, input.ticket_id, input.body, comments.add_internal_note, AddInternalNotePayload)


async def reply_to_citizen_mutation(info: Info, input: ReplyToCitizenInput) -> ReplyToCitizenPayload:  # noqa: A002
    return await _comment(info, input.ticket_id, input.body, comments.reply_to_citizen, ReplyToCitizenPayload)
