from datetime import datetime

import strawberry
from graphql import GraphQLError
from sqlalchemy import Select, literal_column

from cozum.auth.actor import Actor
from cozum.contacts.lookup import TypedContact, read_typed
from cozum.context import Info
from cozum.kit.errors import GraphQLErrorCode
from cozum.kit.ordering import OrderDirection
from cozum.kit.pagination import Connection, PageArgs, SortKey, datetime_key, paginate
from cozum.kit.relay import decode_id_arg
from cozum.kit.storable import as_utc
from cozum.tickets import tracking
from cozum.tickets.inputs import TicketFilter, TicketOrder, TicketOrderField
from cozum.tickets.models import DUE_ORDER_SQL
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import TicketFilterArgs, apply_filter, readable_tickets
from cozum.tickets.types import Ticket

_T = TicketRow.__table__.c  # type: ignore[attr-defined]


def sort_key(order: TicketOrder | None) -> SortKey:
    order = order or TicketOrder()
    descending = order.direction is OrderDirection.DESC
    expression = {
        TicketOrderField.CREATED_AT: _T.created_at,
        TicketOrderField.UPDATED_AT: _T.updated_at,
        TicketOrderField.DUE_AT: literal_column(DUE_ORDER_SQL, type_=_T.due_at.type),
    }[order.field]
    return datetime_key(expression, _T.id, descending)


# More than any console sends (25 categories, 16 departments), and far fewer than the
# 32,767 parameters PostgreSQL takes in one statement.
MAX_FILTER_IDS = 100
MAX_FILTER_TEXT = 200


def _bad_request(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": GraphQLErrorCode.BAD_REQUEST.value})


def _ids(values: list[strawberry.ID] | None, type_name: str, name: str) -> list[int]:
    if values and len(values) > MAX_FILTER_IDS:
        raise _bad_request(f"Filter by at most {MAX_FILTER_IDS} {name}.")
    return sorted({decode_id_arg(v, type_name)[1] for v in values or []})


def _moment(value: datetime | None, name: str) -> datetime | None:
    if value is None:
        return None
    moment = as_utc(value)
    if moment is None:
        raise _bad_request(f"{name} lies outside the calendar (years 1 to 9999) once in UTC.")
    return moment


def _text(value: str | None, name: str) -> str | None:
    if value is not None and len(value) > MAX_FILTER_TEXT:
        raise _bad_request(f"{name} is limited to {MAX_FILTER_TEXT} characters.")
    return value


def _contact_id(value: strawberry.ID | None) -> int | None:
    return None if value is None else decode_id_arg(value, "Contact")[1]


def _typed_contact(value: str | None) -> TypedContact | None:
    text = _text(value, "contact")
    return None if text is None else read_typed(text)


def filter_args(f: TicketFilter | None) -> TicketFilterArgs:
    """The conditions of a TicketFilter, checked: every ticket query reads its filter here."""
    if f is None:
        return TicketFilterArgs()
    return TicketFilterArgs(
        # Enum lists are as long as the client likes: repeats collapse to one condition each.
        statuses=list(dict.fromkeys(f.status or [])), open=f.open,
        department_ids=_ids(f.department_ids, "Department", "departments"),
        category_ids=_ids(f.category_ids, "Category", "categories"),
        channels=list(dict.fromkeys(f.channels or [])), request_types=list(dict.fromkeys(f.request_types or [])),
        assignee_ids=_ids(f.assignee_ids, "StaffUser", "assignees"), unassigned=f.unassigned,
        contact_id=_contact_id(f.contact_id), contact=_typed_contact(f.contact),
        neighbourhood=_text(f.neighbourhood, "neighbourhood"), text=_text(f.text, "Search text"),
        created_after=_moment(f.created_after, "createdAfter"),
        created_before=_moment(f.created_before, "createdBefore"),
        overdue=f.overdue,
    )


async def tickets(
    info: Info,
    filter: TicketFilter | None = None,  # noqa: A002 - the public contract's name
    order_by: TicketOrder | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection[Ticket]:
    args = PageArgs(first, after, last, before)
    key = sort_key(order_by)
    base = matching(info.context.actor, filter)
    return await paginate(info.context, base.with_only_columns(key.expression, TicketRow), key, args, Ticket.from_row)


def matching(actor: Actor, filter: TicketFilter | None) -> Select[TicketRow]:  # noqa: A002
    """The tickets `actor` may read that pass `filter`: what `tickets` pages through (and
    reads/tickets_page.py, which answers the same documents in one statement)."""
    return apply_filter(readable_tickets(actor), filter_args(filter))


async def track_request(info: Info, reference: str, secret: str) -> TrackedRequest | None:
    async with info.context.db() as session:
        ticket = await tracking.find_tracked(session, reference, secret)
        if ticket is None or ticket.id is None:
            return None
        return await tracking.tracked_request(session, ticket.id)
