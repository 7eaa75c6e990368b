from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

if TYPE_CHECKING:
    from cozum.context import Context

V = TypeVar("V")


class ByIdLoader(DataLoader[int, V | None], Generic[V]):
    """Batches `load(id)` calls of one tick into a single `fetch` on the request's session."""

    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, ids: Sequence[int]) -> list[V | None]:
        async with self.context.db() as session:
            found = await self.fetch(session, list(set(ids)))
        return [found.get(i) for i in ids]

    async def fetch(self, session: AsyncSession, ids: list[int]) -> dict[int, Any]:
        raise NotImplementedError
