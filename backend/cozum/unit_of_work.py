from collections.abc import AsyncIterator

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError, IntegrityError
from strawberry.extensions import SchemaExtension

from cozum.context import Context


class UnitOfWork(SchemaExtension):
    """Commits the operation's one transaction after execution, or rolls it all back.

    Services only flush. A top-level error anywhere in the operation means nothing of it
    is kept; a mutation that answered with `userErrors` has already rolled back its own
    savepoint.
    """

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
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
