"""Dashboard numbers: aggregates only, never a ticket's content."""

from sqlalchemy import func, select
from sqlmodel import col

from cozum.analytics.types import DepartmentStats
from cozum.context import Info
from cozum.departments.models import Department as DepartmentRow
from cozum.departments.types import Department
from cozum.kit.time import utcnow
from cozum.tickets.enums import TicketStatus
from cozum.tickets.models import Ticket
from cozum.tickets.repository import overdue_condition


async def department_stats(info: Info) -> list[DepartmentStats]:
    """Every active department's received, resolved, pending and overdue tickets, most
    resolved first. The same for every caller allowed dashboards, a department's manager
    included: they are counts across the municipality, like the public statistics, and name
    no ticket."""
    resolved = func.count(col(Ticket.id)).filter(col(Ticket.status) == TicketStatus.RESOLVED)
    stmt = (
        select(
            DepartmentRow,
            func.count(col(Ticket.id)).label("received"),
            resolved.label("resolved"),
            func.count(col(Ticket.id)).filter(col(Ticket.closed_at).is_(None)).label("pending"),
            func.count(col(Ticket.id)).filter(overdue_condition(utcnow())).label("overdue"),
        )
        .outerjoin(Ticket, col(Ticket.department_id) == col(DepartmentRow.id))
        .where(col(DepartmentRow.active).is_(True))
        .group_by(col(DepartmentRow.id))
        .order_by(resolved.desc(), col(DepartmentRow.code))
    )
    async with info.context.db() as session:
        rows = (await session.execute(stmt)).all()
    return [
        DepartmentStats(
            department=Department.from_row(row.Department), received=row.received, resolved=row.resolved,
            pending=row.pending, overdue=row.overdue,
            resolved_share=row.resolved / row.received if row.received else 0.0,
        )
        for row in rows
    ]
