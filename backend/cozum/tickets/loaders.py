from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.kit.loaders import ByIdLoader
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.repository import readable_tickets


class TicketByIdLoader(ByIdLoader[Ticket]):
    """Only tickets the request's actor may read: the rest load as None."""

    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Any]:
        stmt = readable_tickets(self.context.actor).where(col(Ticket.id).in_(ids))
        return {t.id: t for t in (await session.execute(stmt)).scalars() if t.id is not None}


class LastEventByTicketIdLoader(ByIdLoader[TicketEvent]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Any]:
        stmt = (
            select(TicketEvent)
            .where(col(TicketEvent.ticket_id).in_(ids))
            .ext(distinct_on(col(TicketEvent.ticket_id)))
            .order_by(col(TicketEvent.ticket_id), col(TicketEvent.id).desc())
        )
        return {e.ticket_id: e for e in (await session.execute(stmt)).scalars()}
