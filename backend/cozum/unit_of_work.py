from collections.abc import AsyncIterator
from typing import Any

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, IntegrityError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from cozum.context import Context


class UnitOfWork(SchemaExtension):
    """Commits the operation's one transaction after execution, or rolls it all back.

    Services only flush. A top-level error anywhere in the operation means nothing of it
    is kept; a mutation that answered with `userErrors` has already rolled back its own
    savepoint. (An operation's only field may have made its change in one statement outside a
    transaction block, kept as it ended: kit/mutations.py, for a payload that cannot fail.)
    """

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        try:
            yield
        except BaseException:
            # An error that escapes execution itself (not one in a resolver, which becomes
            # part of the result) must still give the session's connection back: otherwise
            # each such request keeps one checked out, and twenty of them empty the pool.
            if isinstance(context, Context):
                await context.finish(commit=False)
            raise
        if not isinstance(context, Context):
            return
        result = self.execution_context.result
        success = result is not None and not getattr(result, "errors", None)
        try:
            await context.finish(commit=success)
        except (IntegrityError, DBAPIError):
            # A constraint that fires only at COMMIT (or a lost connection): the caller
            # learns the change did not happen, and the data stay as they were.
            if result is not None:
                result.data = None
                result.errors = [
                    GraphQLError("The change could not be saved; try again.", extensions={"code": "CONFLICT"})
                ]

    async def on_stream_result(self, result: Any) -> AsyncIterator[None]:
        # Each message of a subscription is built by now: give its connection back to the
        # pool before the transport sends it, since a client that stops reading would
        # otherwise keep it checked out for as long as it does not read.
        context = self.execution_context.context
        if isinstance(context, Context) and self.execution_context.operation_type is OperationType.SUBSCRIPTION:
            await context.renew()
        yield
