from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.kit.loaders import ByIdLoader


class ContactByIdLoader(ByIdLoader[Contact]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Contact]:
        rows = (await session.execute(select(Contact).where(col(Contact.id).in_(ids)))).scalars()
        return {c.id: c for c in rows if c.id is not None}
