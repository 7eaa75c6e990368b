from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import col
from strawberry.dataloader import DataLoader

from cozum.notifications.models import DeliveryReceipt, OutboxMessage

if TYPE_CHECKING:
    from cozum.context import Context

# A ticket gets a message per public change; this many is more than any real one has, and
# bounds what one `notifications` field can cost.
PER_TICKET = 100


class NotificationsByTicketIdLoader(DataLoader[int, list[OutboxMessage]]):
    """Each ticket's outbox rows, newest first: one statement for a whole page of tickets."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, ticket_ids: Sequence[int]) -> list[list[OutboxMessage]]:
        rank = func.row_number().over(
            partition_by=col(OutboxMessage.ticket_id), order_by=col(OutboxMessage.id).desc()
        ).label("rank")
        ranked = (
            select(OutboxMessage).add_columns(rank)
            .where(col(OutboxMessage.ticket_id).in_(set(ticket_ids))).subquery()
        )
        newest = aliased(OutboxMessage, ranked)
        stmt = select(newest).where(ranked.c.rank <= PER_TICKET).order_by(ranked.c.ticket_id, ranked.c.rank)
        async with self.context.db() as session:
            rows = list((await session.execute(stmt)).scalars())
        by_ticket: dict[int, list[OutboxMessage]] = {}
        for row in rows:
            by_ticket.setdefault(row.ticket_id, []).append(row)
        return [by_ticket.get(ticket_id, []) for ticket_id in ticket_ids]


class ReceiptsByOutboxIdLoader(DataLoader[int, list[DeliveryReceipt]]):
    """Each message's receipts, oldest first: one statement for every notification of a page."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, outbox_ids: Sequence[int]) -> list[list[DeliveryReceipt]]:
        stmt = (
            select(DeliveryReceipt)
            .where(col(DeliveryReceipt.outbox_id).in_(set(outbox_ids)))
            .order_by(col(DeliveryReceipt.outbox_id), col(DeliveryReceipt.occurred_at), col(DeliveryReceipt.id))
        )
        found: dict[int, list[DeliveryReceipt]] = {outbox_id: [] for outbox_id in outbox_ids}
        async with self.context.db() as session:
            for row in (await session.execute(stmt)).scalars():
                if row.outbox_id is not None:
                    found[row.outbox_id].append(row)
        return [found[outbox_id] for outbox_id in outbox_ids]
