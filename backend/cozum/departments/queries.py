import strawberry
from sqlalchemy import select

from cozum.context import Info
from cozum.departments import models
from cozum.departments.types import Category, Department
from cozum.kit.pagination import Connection, PageArgs, SortKey, paginate
from cozum.kit.relay import decode_id_arg

_D = models.Department.__table__.c  # type: ignore[attr-defined]
_C = models.Category.__table__.c  # type: ignore[attr-defined]
_DEPARTMENT_ORDER = SortKey(_D.id, _D.id, False)
_CATEGORY_ORDER = SortKey(_C.id, _C.id, False)


async def departments(
    info: Info, include_inactive: bool = False, first: int | None = 100, after: str | None = None,
) -> Connection[Department]:
    """Public: the web form and Open311 list them."""
    args = PageArgs(first=first, after=after)
    base = select(_D.id, models.Department)
    if not include_inactive:
        base = base.where(_D.active.is_(True))
    return await paginate(info.context, base, _DEPARTMENT_ORDER, args, Department.from_row)


async def categories(
    info: Info, department_id: strawberry.ID | None = None, include_inactive: bool = False,
    first: int | None = 100, after: str | None = None,
) -> Connection[Category]:
    args = PageArgs(first=first, after=after)
    base = select(_C.id, models.Category)
    if not include_inactive:
        base = base.where(_C.active.is_(True))
    if department_id is not None:
        base = base.where(_C.department_id == decode_id_arg(department_id, "Department")[1])
    return await paginate(info.context, base, _CATEGORY_ORDER, args, Category.from_row)
