from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col
from strawberry.dataloader import DataLoader

from cozum.kit.loaders import ByIdLoader
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.repository import readable_tickets

if TYPE_CHECKING:
    from cozum.context import Context


class TicketByIdLoader(ByIdLoader[Ticket]):
    """Only tickets the request's actor may read: the rest load as None."""

    context: "Context"

    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Ticket]:
        stmt = readable_tickets(self.context.actor).where(col(Ticket.id).in_(ids))
        return {t.id: t for t in (await session.execute(stmt)).scalars() if t.id is not None}


class LastEventByTicketIdLoader(ByIdLoader[TicketEvent]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, TicketEvent]:
        stmt = (
            select(TicketEvent)
            .where(col(TicketEvent.ticket_id).in_(ids))
            .ext(distinct_on(col(TicketEvent.ticket_id)))
            .order_by(col(TicketEvent.ticket_id), col(TicketEvent.id).desc())
        )
        return {e.ticket_id: e for e in (await session.execute(stmt)).scalars()}


@dataclass(frozen=True)
class OtherRequestsKey:
    ticket_id: int
    contact_id: int
    limit: int


class OtherRequestsByContactIdLoader(DataLoader[OtherRequestsKey, list[Ticket]]):
    """The newest tickets of each contact the actor may read, but the asking ticket: one
    statement for a whole page of tickets, each contact's list cut in SQL."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[OtherRequestsKey]) -> list[list[Ticket]]:
        # One more than asked: the asking ticket itself may be among the newest.
        per_contact = max(k.limit for k in keys) + 1
        rank = (
            func.row_number()
            .over(partition_by=col(Ticket.contact_id), order_by=(col(Ticket.created_at).desc(), col(Ticket.id).desc()))
            .label("rank")
        )
        ranked = (
            readable_tickets(self.context.actor)
            .add_columns(rank)
            .where(col(Ticket.contact_id).in_({k.contact_id for k in keys}))
            .subquery()
        )
        newest = aliased(Ticket, ranked)
        stmt = select(newest).where(ranked.c.rank <= per_contact).order_by(ranked.c.contact_id, ranked.c.rank)
        async with self.context.db() as session:
            rows = list((await session.execute(stmt)).scalars())
        by_contact: dict[int | None, list[Ticket]] = {}
        for row in rows:
            by_contact.setdefault(row.contact_id, []).append(row)
        return [
            [t for t in by_contact.get(k.contact_id, []) if t.id != k.ticket_id][: k.limit] for k in keys
        ]
