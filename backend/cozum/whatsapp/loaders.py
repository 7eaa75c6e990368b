from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import col
from strawberry.dataloader import DataLoader

from cozum.whatsapp.models import WhatsAppMessage

if TYPE_CHECKING:
    from cozum.context import Context


class WhatsAppMessagesByTicketIdLoader(DataLoader[int, list[WhatsAppMessage]]):
    """Each ticket's WhatsApp thread, oldest first: one statement for a page of tickets. The
    tickets were read through `readable`; their messages come with them."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, ticket_ids: Sequence[int]) -> list[list[WhatsAppMessage]]:
        stmt = (
            select(WhatsAppMessage)
            .where(col(WhatsAppMessage.ticket_id).in_(set(ticket_ids)))
            .order_by(col(WhatsAppMessage.ticket_id), col(WhatsAppMessage.sent_at), col(WhatsAppMessage.id))
        )
        found: dict[int, list[WhatsAppMessage]] = {ticket_id: [] for ticket_id in ticket_ids}
        async with self.context.db() as session:
            for row in (await session.execute(stmt)).scalars():
                if row.ticket_id is not None:
                    found[row.ticket_id].append(row)
        return [found[ticket_id] for ticket_id in ticket_ids]
