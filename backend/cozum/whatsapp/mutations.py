"""splitWhatsAppMessage."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.types import Ticket
from cozum.whatsapp.split import FIELD, split_message


@strawberry.input
class SplitWhatsAppMessageInput:
    message_id: strawberry.ID = strawberry.field(description="A citizen's message, not the one that opened the ticket.")


@strawberry.type
class SplitWhatsAppMessagePayload:
    ticket: Ticket | None = strawberry.field(description="The new ticket, holding the message.")
    user_errors: list[UserError]


async def split_whatsapp_message(info: Info, input: SplitWhatsAppMessageInput) -> SplitWhatsAppMessagePayload:  # noqa: A002
    context = info.context

    async def act(session: AsyncSession) -> TicketRow:
        message_id = decode_id(input.message_id, "WhatsAppMessage", FIELD)
        return await split_message(session, context.actor, context.settings, message_id)

    row, errors = await run_mutation(info, act)
    return SplitWhatsAppMessagePayload(ticket=Ticket.from_row(row) if row else None, user_errors=errors)
