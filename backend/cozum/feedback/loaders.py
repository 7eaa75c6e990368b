from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.feedback.models import SatisfactionAnswer
from cozum.kit.loaders import ByIdLoader


class SatisfactionByTicketIdLoader(ByIdLoader[SatisfactionAnswer]):
    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, SatisfactionAnswer]:
        stmt = select(SatisfactionAnswer).where(col(SatisfactionAnswer.ticket_id).in_(ids))
        return {row.ticket_id: row for row in (await session.execute(stmt)).scalars()}
