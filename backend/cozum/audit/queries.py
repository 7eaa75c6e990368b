from sqlalchemy import select

from cozum.audit import models
from cozum.audit.models import AuditAction
from cozum.audit.types import AuditEntry
from cozum.context import Info
from cozum.kit.pagination import Connection, PageArgs, SortKey, paginate

_A = models.AuditEntry.__table__.c  # type: ignore[attr-defined]
_NEWEST_FIRST = SortKey(_A.id, _A.id, True)


async def audit_log(
    info: Info, action: AuditAction | None = None, first: int | None = None, after: str | None = None,
) -> Connection[AuditEntry]:
    """Newest first."""
    args = PageArgs(first=first, after=after)
    base = select(_A.id, models.AuditEntry)
    if action is not None:
        base = base.where(_A.action == action)
    return await paginate(info.context, base, _NEWEST_FIRST, args, AuditEntry.from_row)
