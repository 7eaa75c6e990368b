"""The audit rows of department and category administration, written in the change's transaction.

`reason` says what changed in the console's own field names (`nameTr: "A" → "B"`), so the
read-only audit view needs nothing else; `data` keeps the same as JSON for tooling.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth.actor import Actor
from cozum.departments.changes import Snapshot, changed, describe_changes, describe_created, snapshot
from cozum.departments.models import Category, Department

_DEPARTMENT_FIELDS = {"code": "code", "nameTr": "name_tr", "nameEn": "name_en", "active": "active"}
_CATEGORY_FIELDS = {
    "code": "code", "nameTr": "name_tr", "nameEn": "name_en", "defaultPriority": "default_priority",
    "slaHours": "sla_hours", "remit": "remit", "externalInstitution": "external_institution", "active": "active",
}


def department_snapshot(department: Department) -> Snapshot:
    return snapshot(department, _DEPARTMENT_FIELDS)


async def category_snapshot(session: AsyncSession, category: Category) -> Snapshot:
    """With the department by code: an id would mean nothing to whoever reads the log."""
    department = await session.get(Department, category.department_id) if category.department_id else None
    return {**snapshot(category, _CATEGORY_FIELDS), "department": department.code if department else None}


def department_created(session: AsyncSession, actor: Actor, address: str, department: Department) -> None:
    values = department_snapshot(department)
    record(session, AuditAction.DEPARTMENT_CREATED, actor, address=address, target=("Department", department.id),
           reason=describe_created(values), data={"after": values})


def department_updated(
    session: AsyncSession, actor: Actor, address: str, department: Department, before: Snapshot
) -> None:
    changes = changed(before, department_snapshot(department))
    record(session, AuditAction.DEPARTMENT_UPDATED, actor, address=address, target=("Department", department.id),
           reason=f"{department.code}: {describe_changes(changes)}", data={"changes": changes})


async def category_created(session: AsyncSession, actor: Actor, address: str, category: Category) -> None:
    values = await category_snapshot(session, category)
    record(session, AuditAction.CATEGORY_CREATED, actor, address=address, target=("Category", category.id),
           reason=describe_created(values), data={"after": values})


async def category_updated(
    session: AsyncSession, actor: Actor, address: str, category: Category, before: Snapshot
) -> None:
    changes = changed(before, await category_snapshot(session, category))
    record(session, AuditAction.CATEGORY_UPDATED, actor, address=address, target=("Category", category.id),
           reason=f"{category.code}: {describe_changes(changes)}", data={"changes": changes})
