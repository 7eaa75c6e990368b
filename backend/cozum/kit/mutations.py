"""Running a mutation: a savepoint around the service call, DomainError into userErrors."""

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import DomainError, UserError

T = TypeVar("T")


async def run_mutation(
    info: Info, action: Callable[[AsyncSession], Awaitable[T]]
) -> tuple[T | None, list[UserError]]:
    try:
        async with info.context.write() as session:
            return await action(session), []
    except DomainError as error:
        # The savepoint is already rolled back: nothing of this mutation remains.
        return None, [UserError.from_error(error)]
