"""Reading service requests: the public columns of tickets, never contact, secret or notes.

A page is one query for the tickets and one each for their last public words, their public
files and (with extensions) their public history: four statements whatever the page's size.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from cozum.attachments.models import Attachment
from cozum.departments.models import Category, Department
from cozum.tickets.enums import CLOSED_STATUSES, IntakeChannel, RequestType, TicketEventType, TicketStatus
from cozum.tickets.models import Ticket, TicketEvent

# Words staff wrote for the citizen. A routing note is for the department, and a citizen's own
# messages (or reasons to reopen) may carry their personal data: neither is published.
STAFF_PUBLIC_WORDS = (TicketEventType.PUBLIC_REPLY, TicketEventType.STATUS_CHANGED)


@dataclass(frozen=True)
class RequestQuery:
    references: list[str] | None = None  # when given, every other filter is ignored (the spec)
    service_codes: list[str] | None = None
    requested_from: datetime | None = None
    requested_until: datetime | None = None
    closed: bool | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    page: int = 1
    page_size: int = 1000
    history: bool = False


@dataclass(frozen=True)
class PublicNote:
    type: TicketEventType
    status: TicketStatus | None
    message: str | None
    at: datetime


@dataclass
class PublicRequest:
    id: int
    reference: str
    status: TicketStatus
    channel: IntakeChannel
    title: str
    description: str
    address: str | None
    neighbourhood: str | None
    latitude: float | None
    longitude: float | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    closed_at: datetime | None
    forwarded_to: str | None
    service_code: str
    service_name: str
    department: str | None
    duplicate_of: str | None
    last_words: str | None = None
    media_keys: list[str] = field(default_factory=list)
    notes: list[PublicNote] = field(default_factory=list)


_MERGED_INTO = aliased(Ticket)
_COLUMNS: tuple[Any, ...] = (
    col(Ticket.id), col(Ticket.reference), col(Ticket.status), col(Ticket.channel), col(Ticket.title),
    col(Ticket.description), col(Ticket.address), col(Ticket.neighbourhood), col(Ticket.latitude),
    col(Ticket.longitude), col(Ticket.created_at), col(Ticket.updated_at), col(Ticket.due_at),
    col(Ticket.closed_at), col(Ticket.forwarded_to), col(Category.code), col(Category.name_tr),
    col(Department.name_tr), col(_MERGED_INTO.reference),
)


# A denunciation points at someone's home or business, and an information request (Law 4982)
# is the applicant's own matter: neither is published, even as a place on a map.
UNPUBLISHED_TYPES = (RequestType.REPORT, RequestType.INFORMATION)


def _base() -> Select[Any]:
    return (
        select(*_COLUMNS)
        .join(Category, col(Category.id) == col(Ticket.category_id))
        .outerjoin(Department, col(Department.id) == col(Ticket.department_id))
        .outerjoin(_MERGED_INTO, col(_MERGED_INTO.id) == col(Ticket.duplicate_of_id))
        .where(col(Ticket.request_type).not_in(UNPUBLISHED_TYPES))
    )


def _filtered(query: RequestQuery) -> Select[Any]:
    stmt = _base()
    if query.references is not None:
        return stmt.where(col(Ticket.reference).in_([r.upper() for r in query.references])).order_by(col(Ticket.id))
    if query.service_codes is not None:
        stmt = stmt.where(col(Category.code).in_(query.service_codes))
    if query.closed is not None:
        closed = col(Ticket.status).in_(CLOSED_STATUSES)
        stmt = stmt.where(closed if query.closed else ~closed)
    if query.requested_from is not None:
        stmt = stmt.where(col(Ticket.created_at) >= query.requested_from)
    if query.requested_until is not None:
        stmt = stmt.where(col(Ticket.created_at) <= query.requested_until)
    if query.updated_after is not None:
        stmt = stmt.where(col(Ticket.updated_at) > query.updated_after)
    if query.updated_before is not None:
        stmt = stmt.where(col(Ticket.updated_at) < query.updated_before)
    if query.updated_after is not None or query.updated_before is not None:
        # A client catching up walks forward from what it saw last.
        return stmt.order_by(col(Ticket.updated_at), col(Ticket.id))
    return stmt.order_by(col(Ticket.created_at).desc(), col(Ticket.id).desc())


async def find_requests(session: AsyncSession, query: RequestQuery) -> list[PublicRequest]:
    stmt = _filtered(query).offset((query.page - 1) * query.page_size).limit(query.page_size)
    found = [PublicRequest(*row) for row in (await session.execute(stmt))]
    if found:
        by_id = {request.id: request for request in found}
        await _add_last_words(session, by_id)
        await _add_media(session, by_id)
        if query.history:
            await _add_notes(session, by_id)
    return found


async def _add_last_words(session: AsyncSession, by_id: dict[int, PublicRequest]) -> None:
    stmt = (
        select(col(TicketEvent.ticket_id), col(TicketEvent.message))
        .where(
            col(TicketEvent.ticket_id).in_(by_id), col(TicketEvent.public).is_(True),
            col(TicketEvent.type).in_(STAFF_PUBLIC_WORDS), col(TicketEvent.message).is_not(None),
        )
        .order_by(col(TicketEvent.id))
    )
    for ticket_id, message in (await session.execute(stmt)):
        by_id[ticket_id].last_words = message  # in order: the last one stays


async def _add_media(session: AsyncSession, by_id: dict[int, PublicRequest]) -> None:
    stmt = (
        select(col(Attachment.ticket_id), col(Attachment.storage_key))
        .where(col(Attachment.ticket_id).in_(by_id), col(Attachment.public).is_(True))
        .order_by(col(Attachment.ticket_id), col(Attachment.id))
    )
    for ticket_id, key in (await session.execute(stmt)):
        by_id[ticket_id].media_keys.append(key)


async def _add_notes(session: AsyncSession, by_id: dict[int, PublicRequest]) -> None:
    stmt = (
        select(col(TicketEvent.ticket_id), col(TicketEvent.type), col(TicketEvent.to_status),
               col(TicketEvent.message), col(TicketEvent.created_at))
        .where(col(TicketEvent.ticket_id).in_(by_id), col(TicketEvent.public).is_(True))
        .order_by(col(TicketEvent.ticket_id), col(TicketEvent.id))
    )
    for ticket_id, type_, status, message, at in (await session.execute(stmt)):
        words = message if type_ in STAFF_PUBLIC_WORDS else None
        by_id[ticket_id].notes.append(PublicNote(type_, status, words, at))
