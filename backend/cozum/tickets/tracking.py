"""The citizen's view: a ticket found by reference and secret, nothing else."""

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.references import hash_secret, secret_matches

if TYPE_CHECKING:
    from cozum.tickets.public_types import TrackedRequest

# Compared against when the reference is unknown, so both failures take the same work.
_NO_TICKET_HASH = hash_secret("no ticket has this secret")


async def find_tracked(session: AsyncSession, reference: str, secret: str) -> Ticket | None:
    """The ticket if reference and secret match; a wrong secret and an unknown reference look alike."""
    if len(reference) > 40 or len(secret) > 100:
        return None
    stmt = select(Ticket).where(col(Ticket.reference) == reference.strip().upper())
    ticket = (await session.execute(stmt)).scalar_one_or_none()
    stored = ticket.secret_hash if ticket is not None else _NO_TICKET_HASH
    if not secret_matches(secret, stored) or ticket is None:
        return None
    return ticket


def not_tracked() -> DomainError:
    # The same answer for a wrong secret and an unknown reference: nothing to enumerate.
    return DomainError(UserErrorCode.NOT_FOUND, "No request matches this reference and secret.", ["input"])


async def tracked_or_refused(session: AsyncSession, reference: str, secret: str) -> Ticket:
    """What a citizen's change acts on: the ticket, or the NOT_FOUND every citizen mutation answers."""
    ticket = await find_tracked(session, reference, secret)
    if ticket is None or ticket.id is None:
        raise not_tracked()
    return ticket


async def public_timeline(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    stmt = (
        select(TicketEvent)
        .where(col(TicketEvent.ticket_id) == ticket_id, col(TicketEvent.public).is_(True))
        .order_by(col(TicketEvent.id))
    )
    return list((await session.execute(stmt)).scalars())


async def tracked_request(session: AsyncSession, ticket_id: int) -> "TrackedRequest | None":
    """The citizen's view of a ticket, by id (the caller has already checked the secret)."""
    from cozum.departments.models import Category, Department
    from cozum.tickets.public_types import TrackedRequest

    ticket = await session.get(Ticket, ticket_id, populate_existing=True)
    if ticket is None:
        return None
    events = await public_timeline(session, ticket_id)
    category = await session.get(Category, ticket.category_id)
    department = await session.get(Department, ticket.department_id) if ticket.department_id else None
    assert category is not None
    return TrackedRequest.build(ticket, events, category, department)
