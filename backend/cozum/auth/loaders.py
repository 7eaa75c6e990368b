from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import User
from cozum.kit.loaders import ByIdLoader


class UserByIdLoader(ByIdLoader[User]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, User]:
        rows = (await session.execute(select(User).where(col(User.id).in_(ids)))).scalars()
        return {u.id: u for u in rows if u.id is not None}
