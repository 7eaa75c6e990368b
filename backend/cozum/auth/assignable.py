"""Who a ticket may be given to: the active staff of a department, for those who assign work.

`staffUsers` is for account managers (it shows e-mails and roles); an operator or agent
choosing an assignee needs only names, and only of people who could take the ticket.
"""

import strawberry
from sqlalchemy import select
from sqlmodel import col

from cozum.auth.actor import Actor
from cozum.auth.models import StaffRole, User
from cozum.auth.permissions import TicketScope
from cozum.auth.types import StaffUser
from cozum.context import Info
from cozum.kit.relay import decode_id_arg

MAX_LISTED = 500
_TAKES_TICKETS = (StaffRole.AGENT, StaffRole.MANAGER)


def _may_staff(actor: Actor, department_pk: int) -> bool:
    # Department-scoped staff assign within their own directorate only.
    return actor.ticket_scope is TicketScope.ALL or actor.department_id == department_pk


async def assignable_staff(info: Info, department_id: strawberry.ID) -> list[StaffUser]:
    """Active agents and managers of the department, by name; empty for a department the
    caller may not assign in."""
    department_pk = decode_id_arg(department_id, "Department")[1]
    if not _may_staff(info.context.actor, department_pk):
        return []
    query = (
        select(User)
        .where(col(User.department_id) == department_pk, col(User.active).is_(True), col(User.role).in_(_TAKES_TICKETS))
        .order_by(col(User.name), col(User.id))
        .limit(MAX_LISTED)
    )
    async with info.context.db() as session:
        rows = (await session.execute(query)).scalars().all()
    return [StaffUser.from_row(row) for row in rows]
