from collections.abc import Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

V = TypeVar("V")


class Reads(Protocol):
    def db(self) -> AbstractAsyncContextManager[AsyncSession]:
        """The request's session, taken in turn with its other resolvers."""
        ...


class ByIdLoader(DataLoader[int, V | None], Generic[V]):
    """Batches `load(id)` calls of one tick into a single `fetch` on the request's session."""

    def __init__(self, context: Reads) -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, ids: Sequence[int]) -> list[V | None]:
        async with self.context.db() as session:
            found = await self.fetch(session, list(set(ids)))
        return [found.get(i) for i in ids]

    async def fetch(self, session: AsyncSession, ids: list[int]) -> Mapping[int, V]:
        raise NotImplementedError
