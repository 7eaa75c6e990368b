from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlmodel import col
from strawberry.dataloader import DataLoader

from cozum.attachments.models import Attachment

if TYPE_CHECKING:
    from cozum.context import Context


class AttachmentsByTicketIdLoader(DataLoader[int, list[Attachment]]):
    """Every attachment of each ticket, oldest first: one statement for a page of tickets.
    The tickets were read through `readable`; their attachments come with them."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, ticket_ids: Sequence[int]) -> list[list[Attachment]]:
        stmt = (
            select(Attachment)
            .where(col(Attachment.ticket_id).in_(set(ticket_ids)))
            .order_by(col(Attachment.ticket_id), col(Attachment.id))
        )
        found: dict[int, list[Attachment]] = {ticket_id: [] for ticket_id in ticket_ids}
        async with self.context.db() as session:
            for row in (await session.execute(stmt)).scalars():
                found[row.ticket_id].append(row)
        return [found[ticket_id] for ticket_id in ticket_ids]
