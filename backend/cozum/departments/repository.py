from collections.abc import Sequence

from sqlalchemy import select
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
