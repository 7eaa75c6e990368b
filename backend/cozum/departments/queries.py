import strawberry
from sqlalchemy import func, select

from cozum.context import Info
from cozum.departments import models
from cozum.departments.types import Category, Department
from cozum.kit.pagination import Connection, PageArgs, SortKey, keyset_page, page_of
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
    async with info.context.db() as session:
        rows = (await session.execute(keyset_page(base, _DEPARTMENT_ORDER, args))).all()

    async def count() -> int:
        async with info.context.db() as session:
            return (await session.execute(select(func.count()).select_from(base.subquery()))).scalar_one()

    return page_of([(r[0], r[1]) for r in rows], _DEPARTMENT_ORDER, args, Department.from_row, count)


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
    async with info.context.db() as session:
        rows = (await session.execute(keyset_page(base, _CATEGORY_ORDER, args))).all()

    async def count() -> int:
        async with info.context.db() as session:
            return (await session.execute(select(func.count()).select_from(base.subquery()))).scalar_one()

    return page_of([(r[0], r[1]) for r in rows], _CATEGORY_ORDER, args, Category.from_row, count)
