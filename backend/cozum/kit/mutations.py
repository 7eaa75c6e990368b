"""Running a mutation: a savepoint around the service call, DomainError into userErrors,
PermissionDenied into a top-level FORBIDDEN error (as a field's own permission check raises it)."""

from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol, TypeVar

from graphql import FieldNode, GraphQLError, OperationDefinitionNode
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.utils.str_converters import to_camel_case

from cozum.kit.errors import DomainError, GraphQLErrorCode, NeedsTransaction, PermissionDenied, UserError

T = TypeVar("T")


class Writes(Protocol):
    def write(self, alone: bool = False) -> AbstractAsyncContextManager[AsyncSession]:
        """The request's session inside a savepoint of its own (or, `alone`, see Context.write)."""
        ...


class MutationInfo(Protocol):
    @property
    def context(self) -> Writes: ...

    @property
    def operation(self) -> OperationDefinitionNode: ...


async def run_mutation(
    info: MutationInfo, action: Callable[[AsyncSession], Awaitable[T]], *, alone: bool = False
) -> tuple[T | None, list[UserError]]:
    """`alone`: the action may make its change in one statement outside a transaction block
    (Context.write), should its field be the only one of its operation (a top-level error
    anywhere in an operation takes all of it back, which such a change cannot be). The action
    runs again, in a transaction, when that statement finds its change needs more."""
    try:
        try:
            async with info.context.write(alone=alone and _only_field(info.operation)) as session:
                return await action(session), []
        except NeedsTransaction:
            async with info.context.write() as session:
                return await action(session), []
    except DomainError as error:
        # The savepoint is already rolled back: nothing of this mutation remains.
        return None, [UserError.from_error(error)]
    except PermissionDenied as denied:
        raise GraphQLError(str(denied), extensions={"code": GraphQLErrorCode.FORBIDDEN.value}) from None


def _only_field(operation: OperationDefinitionNode) -> bool:
    selections = operation.selection_set.selections
    return len(selections) == 1 and isinstance(selections[0], FieldNode)


def input_path(field: Sequence[str] | None) -> list[str]:
    """A domain field (`location.latitude`, `category_id`) as the path into a mutation's `input`;
    an error naming no field is about the input as a whole."""
    return ["input", *(to_camel_case(name) for name in field or ())]


async def at_input(service: Awaitable[T]) -> T:
    """Services name what they refuse in the domain's words, for every caller (the API, the
    demo, the command line); awaited through here, those names become the mutation's input
    paths. Only the service's own refusals: its arguments were decoded before it was called."""
    try:
        return await service
    except DomainError as error:
        error.field = input_path(error.field)
        raise
