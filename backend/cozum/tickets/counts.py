"""How many tickets the queue's filter matches in each status: the console's counts row."""

from dataclasses import replace

import strawberry
from sqlalchemy import func

from cozum.context import Info
from cozum.tickets.enums import TicketStatus
from cozum.tickets.inputs import TicketFilter
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.queries import filter_args
from cozum.tickets.repository import apply_filter, readable_tickets

_T = TicketRow.__table__.c  # type: ignore[attr-defined]


@strawberry.type(description="How many tickets of one status match a filter.")
class TicketStatusCount:
    status: TicketStatus
    count: int


async def ticket_counts(
    info: Info, filter: TicketFilter | None = None  # noqa: A002 - the same argument as `tickets`
) -> list[TicketStatusCount]:
    """Every status, in lifecycle order, with how many of the tickets you may read match
    `filter`. The filter's own `status` list is ignored, so a queue filtered to one status
    can still show the others' counts."""
    # Without statuses: the console shows every count while its list shows one status.
    args = replace(filter_args(filter), statuses=[])
    stmt = (
        apply_filter(readable_tickets(info.context.actor), args)
        .with_only_columns(_T.status, func.count())
        .group_by(_T.status)
    )
    async with info.context.db() as session:
        found: dict[TicketStatus, int] = {row[0]: row[1] for row in await session.execute(stmt)}
    return [TicketStatusCount(status=status, count=found.get(status, 0)) for status in TicketStatus]
