"""Reading tickets: what an actor may see is one SQL condition, used everywhere."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, Select, false, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.actor import Actor
from cozum.auth.permissions import Permission, TicketScope
from cozum.contacts.lookup import TypedContact, contacts_matching
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.time import utcnow
from cozum.tickets.enums import (
    IntakeChannel,
    RequestType,
    TicketStatus,
)
from cozum.tickets.models import Ticket


def readable(actor: Actor) -> ColumnElement[bool]:
    """The tickets `actor` may read, as a WHERE clause: lists, `node`, loaders and
    subscriptions all filter through this one function."""
    if not actor.can(Permission.READ_TICKETS):
        return false()
    if actor.ticket_scope is TicketScope.ALL:
        return true()
    if actor.ticket_scope is TicketScope.DEPARTMENT and actor.department_id is not None:
        return col(Ticket.department_id) == actor.department_id
    return false()


def can_read(actor: Actor, department_id: int | None) -> bool:
    """`readable` for one ticket already in memory, e.g. an event the live hub is fanning out.

    Must agree with `readable`; a test checks both for every role and scope.
    """
    if not actor.can(Permission.READ_TICKETS):
        return False
    if actor.ticket_scope is TicketScope.ALL:
        return True
    return (
        actor.ticket_scope is TicketScope.DEPARTMENT
        and actor.department_id is not None
        and department_id == actor.department_id
    )


@dataclass
class TicketFilterArgs:
    statuses: list[TicketStatus] = field(default_factory=list)
    open: bool | None = None
    department_ids: list[int] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    channels: list[IntakeChannel] = field(default_factory=list)
    request_types: list[RequestType] = field(default_factory=list)
    assignee_ids: list[int] = field(default_factory=list)
    unassigned: bool | None = None
    contact_id: int | None = None
    contact: TypedContact | None = None
    neighbourhood: str | None = None
    text: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    overdue: bool | None = None


def overdue_condition(now: datetime) -> ColumnElement[bool]:
    # ON_HOLD pauses the clock, so a held ticket is never overdue.
    return (
        col(Ticket.closed_at).is_(None)
        & (col(Ticket.status) != TicketStatus.ON_HOLD)
        & (col(Ticket.due_at) < now)
    )


def _assignee_condition(f: TicketFilterArgs) -> ColumnElement[bool] | None:
    """`unassigned: true` with assignees is either (the console's "mine or unassigned");
    `unassigned: false` keeps only assigned tickets, of those assignees if any are given."""
    assignee = col(Ticket.assignee_id)
    chosen = assignee.in_(f.assignee_ids) if f.assignee_ids else None
    if f.unassigned is None:
        return chosen
    if f.unassigned:
        return assignee.is_(None) if chosen is None else or_(chosen, assignee.is_(None))
    return assignee.is_not(None) if chosen is None else chosen


def apply_filter(stmt: Select[Ticket], f: TicketFilterArgs) -> Select[Ticket]:
    conditions: list[ColumnElement[bool]] = []
    col = Ticket.__table__.c  # type: ignore[attr-defined]
    if f.statuses:
        conditions.append(col.status.in_(f.statuses))
    if f.open is not None:
        conditions.append(col.closed_at.is_(None) if f.open else col.closed_at.is_not(None))
    if f.department_ids:
        conditions.append(col.department_id.in_(f.department_ids))
    if f.category_ids:
        conditions.append(col.category_id.in_(f.category_ids))
    if f.channels:
        conditions.append(col.channel.in_(f.channels))
    if f.request_types:
        conditions.append(col.request_type.in_(f.request_types))
    assignee = _assignee_condition(f)
    if assignee is not None:
        conditions.append(assignee)
    if f.contact_id is not None:
        conditions.append(col.contact_id == f.contact_id)
    if f.contact is not None:
        conditions.append(col.contact_id.in_(contacts_matching(f.contact)))
    if f.neighbourhood:
        conditions.append(col.neighbourhood == f.neighbourhood)
    if f.created_after:
        conditions.append(col.created_at >= f.created_after)
    if f.created_before:
        conditions.append(col.created_at < f.created_before)
    if f.overdue is not None:
        overdue = overdue_condition(utcnow())
        conditions.append(overdue if f.overdue else ~overdue)
    if f.text and f.text.strip():
        text = f.text.strip()
        query = func.websearch_to_tsquery("turkish", text)
        conditions.append(or_(col.search.op("@@")(query), col.reference == text.upper()))
    return stmt.where(*conditions)


def readable_tickets(actor: Actor) -> Select[Ticket]:
    return select(Ticket).where(readable(actor))


async def get_readable(session: AsyncSession, actor: Actor, ticket_id: int) -> Ticket | None:
    stmt = readable_tickets(actor).where(col(Ticket.id) == ticket_id)
    return (await session.execute(stmt)).scalar_one_or_none()


async def lock_readable(
    session: AsyncSession, actor: Actor, ticket_id: int, field: list[str]
) -> Ticket:
    """The ticket, locked for this transaction; unknown and unreadable look the same."""
    # populate_existing: a copy this session read earlier must not hide a newer commit.
    # FOR NO KEY UPDATE (key_share): no change here touches the ticket's id, so rows pointing at
    # it need not wait for this transaction. Their foreign-key checks take KEY SHARE, which only
    # FOR UPDATE blocks, and one of them, a reveal's event, is written in a transaction of its own
    # while the request holding this lock waits for it (revealContact after another mutation).
    stmt = (
        readable_tickets(actor)
        .where(col(Ticket.id) == ticket_id)
        .with_for_update(key_share=True, of=Ticket)
        .execution_options(populate_existing=True)
    )
    ticket = (await session.execute(stmt)).scalar_one_or_none()
    if ticket is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such ticket.", field)
    return ticket

