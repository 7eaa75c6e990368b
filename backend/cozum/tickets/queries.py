
import strawberry
from graphql import GraphQLError
from sqlalchemy import literal_column

from cozum.context import Info
from cozum.kit.errors import GraphQLErrorCode
from cozum.kit.ordering import OrderDirection
from cozum.kit.pagination import Connection, PageArgs, SortKey, datetime_key, paginate
from cozum.kit.relay import decode_id_arg
from cozum.tickets import tracking
from cozum.tickets.inputs import TicketFilter, TicketOrder, TicketOrderField
from cozum.tickets.models import DUE_ORDER_SQL
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import TicketFilterArgs, apply_filter, readable_tickets
from cozum.tickets.types import Ticket

_T = TicketRow.__table__.c  # type: ignore[attr-defined]


def _sort_key(order: TicketOrder) -> SortKey:
    descending = order.direction is OrderDirection.DESC
    expression = {
        TicketOrderField.CREATED_AT: _T.created_at,
        TicketOrderField.UPDATED_AT: _T.updated_at,
        TicketOrderField.DUE_AT: literal_column(DUE_ORDER_SQL, type_=_T.due_at.type),
    }[order.field]
    return datetime_key(expression, _T.id, descending)


def _ids(values: list[strawberry.ID] | None, type_name: str) -> list[int]:
    return [decode_id_arg(v, type_name)[1] for v in values or []]


def _filter_args(f: TicketFilter | None) -> TicketFilterArgs:
    if f is None:
        return TicketFilterArgs()
    if f.text and len(f.text) > 200:
        raise GraphQLError(
            "Search text is limited to 200 characters.",
            extensions={"code": GraphQLErrorCode.BAD_REQUEST.value},
        )
    return TicketFilterArgs(
        statuses=f.status or [], open=f.open,
        department_ids=_ids(f.department_ids, "Department"),
        category_ids=_ids(f.category_ids, "Category"),
        channels=f.channels or [], request_types=f.request_types or [],
        assignee_ids=_ids(f.assignee_ids, "StaffUser"),
        neighbourhood=f.neighbourhood, text=f.text,
        created_after=f.created_after, created_before=f.created_before, overdue=f.overdue,
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
    actor = info.context.actor
    args = PageArgs(first, after, last, before)
    key = _sort_key(order_by or TicketOrder())
    base = apply_filter(readable_tickets(actor), _filter_args(filter))
    return await paginate(info.context, base.with_only_columns(key.expression, TicketRow), key, args, Ticket.from_row)


async def track_request(info: Info, reference: str, secret: str) -> TrackedRequest | None:
    async with info.context.db() as session:
        ticket = await tracking.find_tracked(session, reference, secret)
        if ticket is None or ticket.id is None:
            return None
        return await tracking.tracked_request(session, ticket.id)
