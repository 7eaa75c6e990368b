import strawberry

from cozum.departments.types import Department


@strawberry.type(description="One directorate's numbers since the first ticket.")
class DepartmentStats:
    department: Department
    received: int = strawberry.field(description="Tickets of the department, all time.")
    resolved: int = strawberry.field(description="Of those, closed as RESOLVED.")
    pending: int = strawberry.field(description="Open: not resolved, rejected, forwarded or merged.")
    overdue: int = strawberry.field(description="Open, past their due date and not on hold.")
    resolved_share: float = strawberry.field(description="resolved / received, from 0 to 1 (0 without tickets).")
