"""The ticket_viewers table: who has which ticket open, as every server process sees it.

Each subscription is a row. Its process refreshes the rows of all its subscriptions in one
statement every HEARTBEAT seconds and removes rows nobody refreshed for STALE_AFTER (those of
a process that died). A trigger announces every insert and delete on the `ticket_viewers`
channel; each process then reads the list again for its own subscribers of that ticket.
Times are the database's, so processes with skewed clocks still agree.
"""

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import User
from cozum.live.models import TicketViewer
from cozum.live.subscribers import ViewerSubscriber

HEARTBEAT = 20.0
STALE_AFTER = 60.0


def _fresh_since() -> Any:
    return func.now() - timedelta(seconds=STALE_AFTER)


def _row(subscriber: ViewerSubscriber) -> dict[str, Any]:
    return {
        "connection_id": subscriber.connection_id, "ticket_id": subscriber.ticket_id,
        "staff_user_id": subscriber.actor.user_id, "seen_at": func.now(),
    }


async def register(session: AsyncSession, subscriber: ViewerSubscriber) -> None:
    await session.execute(insert(TicketViewer).values(_row(subscriber)).on_conflict_do_nothing())


async def refresh(session: AsyncSession, subscribers: Sequence[ViewerSubscriber]) -> None:
    """Mark the subscriptions' rows as seen now. A row removed meanwhile (the database was
    away longer than STALE_AFTER) comes back, and its trigger tells everyone; not for a
    subscription that ended while this ran, whose own removal may already have happened."""
    if not subscribers:
        return
    stmt = (
        update(TicketViewer)
        .where(col(TicketViewer.connection_id).in_([s.connection_id for s in subscribers]))
        .values(seen_at=func.now())
        .returning(col(TicketViewer.connection_id))
    )
    kept = set((await session.execute(stmt)).scalars())
    lost = [_row(s) for s in subscribers if s.connection_id not in kept and not s.closed]
    if lost:
        await session.execute(insert(TicketViewer).values(lost).on_conflict_do_nothing())


async def unregister(session: AsyncSession, connection_id: str) -> None:
    await session.execute(delete(TicketViewer).where(col(TicketViewer.connection_id) == connection_id))


async def remove_stale(session: AsyncSession) -> None:
    """Rows of subscriptions that ended without a word (their process died)."""
    await session.execute(delete(TicketViewer).where(col(TicketViewer.seen_at) < _fresh_since()))


async def viewers_of(session: AsyncSession, ticket_id: int) -> list[User]:
    """Each active person with a fresh row for the ticket, once, by name."""
    present = (
        select(col(TicketViewer.staff_user_id))
        .where(col(TicketViewer.ticket_id) == ticket_id, col(TicketViewer.seen_at) >= _fresh_since())
    )
    stmt = (
        select(User)
        .where(col(User.id).in_(present), col(User.active).is_(True))
        .order_by(col(User.name), col(User.id))
    )
    return list((await session.execute(stmt)).scalars())
