from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.departments.models import Category, Department
from cozum.kit.errors import DomainError, UserErrorCode


async def departments_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Department]:
    rows = (await session.execute(select(Department).where(col(Department.id).in_(ids)))).scalars()
    return {d.id: d for d in rows if d.id is not None}


async def categories_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Category]:
    rows = (await session.execute(select(Category).where(col(Category.id).in_(ids)))).scalars()
    return {c.id: c for c in rows if c.id is not None}


async def department_id_by_code(session: AsyncSession, code: str, field: list[str]) -> int:
    stmt = select(col(Department.id)).where(col(Department.code) == code.strip().upper())
    department_id = (await session.execute(stmt)).scalar_one_or_none()
    if department_id is None:
        raise DomainError(UserErrorCode.NOT_FOUND, f"No department {code}.", field)
    return department_id


async def active_department(session: AsyncSession, department_id: int, field: list[str]) -> Department:
    department = await session.get(Department, department_id)
    if department is None or not department.active:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such department.", field)
    return department


async def active_category(session: AsyncSession, category_id: int, field: list[str]) -> Category:
    category = await session.get(Category, category_id)
    if category is None or not category.active:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such category.", field)
    return category


async def locked_department(session: AsyncSession, department_id: int, field: list[str]) -> Department:
    """For an administrator's change: held until the commit, so two edits do not interleave."""
    department = await session.get(Department, department_id, with_for_update=True)
    if department is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such department.", field)
    return department


async def locked_category(session: AsyncSession, category_id: int, field: list[str]) -> Category:
    category = await session.get(Category, category_id, with_for_update=True)
    if category is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such category.", field)
    return category


async def chosen_department(session: AsyncSession, department_id: int, field: list[str]) -> Department:
    """A department an administrator names as a category's default: it must exist and be active."""
    department = await session.get(Department, department_id)
    if department is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such department.", field)
    if not department.active:
        raise DomainError(UserErrorCode.INACTIVE, f"{department.code} is no longer active.", field)
    return department


async def active_category_codes(session: AsyncSession, department_id: int) -> list[str]:
    stmt = (
        select(col(Category.code))
        .where(col(Category.department_id) == department_id, col(Category.active).is_(True))
        .order_by(col(Category.code))
    )
    return list((await session.execute(stmt)).scalars())


async def code_taken(session: AsyncSession, model: type[Department] | type[Category], code: str) -> bool:
    stmt = select(col(model.id)).where(col(model.code) == code)
    return (await session.execute(stmt)).first() is not None


async def insert_with_code(session: AsyncSession, row: Department | Category, field: list[str]) -> None:
    """Adds `row`; a code taken meanwhile by a concurrent request is the caller's error too."""
    if await code_taken(session, type(row), row.code):
        raise DomainError(UserErrorCode.DUPLICATE_KEY, f"{row.code} is already taken.", field)
    session.add(row)
    try:
        await session.flush()
    except IntegrityError:
        raise DomainError(UserErrorCode.DUPLICATE_KEY, f"{row.code} is already taken.", field) from None
