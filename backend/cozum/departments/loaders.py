from sqlalchemy.ext.asyncio import AsyncSession

from cozum.departments.models import Category, Department
from cozum.departments.repository import categories_by_ids, departments_by_ids
from cozum.kit.loaders import ByIdLoader


class DepartmentByIdLoader(ByIdLoader[Department]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Department]:
        return await departments_by_ids(session, ids)


class CategoryByIdLoader(ByIdLoader[Category]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Category]:
        return await categories_by_ids(session, ids)
