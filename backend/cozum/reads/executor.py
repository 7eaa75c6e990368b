"""Queries answered in one statement whose result is the response's JSON, built by PostgreSQL.

graphql-core completes every field of a result in Python: for the queue's page of 50 tickets,
some 1,500 values, each through a resolver, a type check and (for related rows) an awaitable.
For the documents the compiled path knows (see reads/objects.py for which fields), the executor
instead writes one SELECT that builds the same JSON with `json_build_object`, and hands it to
the response as it is (`orjson.Fragment`). Anything else, and any argument the resolvers would
refuse, goes to graphql-core as before: the compiled path answers only what it answers alike.
"""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import orjson
from graphql import ExecutionResult, GraphQLError, OperationType, located_error
from graphql.execution import Executor
from sqlalchemy import Select, select, text
from sqlalchemy.exc import SQLAlchemyError

from cozum.auth.actor import Actor
from cozum.auth.guard import declared_permission
from cozum.context import Context
from cozum.kit.time import utcnow
from cozum.reads.objects import Objects
from cozum.reads.selection import Document, Field, Unplannable
from cozum.reads.sql import name
from cozum.reads.tickets_page import Compiled, tickets_connection
from cozum.reads.tracking import track_request

logger = logging.getLogger(__name__)
Root = Callable[[Objects, Field, Actor], Compiled]
ROOTS: dict[str, Root] = {"tickets": tickets_connection, "trackRequest": track_request}


class AnsweredInSql(Executor[Any]):
    """Put before graphql-core's executor in the bases; queries alone (never a mutation, whose
    payload must read what it wrote, nor a subscription's events) take the compiled path."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        if self.operation.operation is OperationType.QUERY:
            planned = self._plan()
            if planned is not None:
                return self._answer(*planned)
        return super().execute_operation(serially)

    def _plan(self) -> tuple[list[Field], Select[Any]] | None:
        context = self.context_value
        if not isinstance(context, Context):
            return None
        document = Document(self.schema, self.fragments, self.variable_values)
        objects = Objects(document, utcnow())
        try:
            roots = document.fields([self.operation.selection_set], "Query")
            if not any(root.name in ROOTS for root in roots):
                return None
            compiled = [_root(objects, root, context, document) for root in roots]
            columns = ", ".join(f"CAST({c.sql} AS text) AS answer_{i}" for i, c in enumerate(compiled))
            statement = select(text(columns).bindparams(*objects.parameters.used_in(columns)))
        except (Unplannable, GraphQLError):
            # A GraphQLError is the client's (a null for a non-null variable, say): the resolvers
            # report it as they do.
            return None
        except Exception:
            # A fault of the planner's own: logged, and the resolvers answer as they would anyway.
            logger.exception("The compiled read path could not plan a query; the resolvers answer it")
            return None
        return roots, statement.add_cte(*(cte for c in compiled for cte in c.ctes))

    def _answer(self, roots: list[Field], statement: Select[Any]) -> Awaitable[ExecutionResult]:
        context = self.context_value

        async def answer() -> ExecutionResult:
            try:
                row = await context.shared.direct_reads.fetchrow(statement)
            except (SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as failure:
                # As a resolver's fault would be: logged, masked in production, nothing kept.
                first = next(root for root in roots if root.name in ROOTS)
                error = located_error(failure, list(first.nodes), [first.key])
                return ExecutionResult(data=None, errors=[error])
            answered = zip(roots, row, strict=True)
            # SQL NULL for a nullable root (trackRequest without a match) is JSON null.
            return ExecutionResult(data={
                root.key: None if text is None else orjson.Fragment(text) for root, text in answered
            })

        return answer()


def _root(objects: Objects, root: Field, context: Context, document: Document) -> Compiled:
    """The root field's JSON, if the caller may read it: the refusal itself is the resolver's
    (auth/guard.py words it for the caller), so a caller without the permission goes there."""
    if root.name == "__typename":
        return Compiled(f"to_json(CAST({name('Query')} AS text))")
    if root.name not in ROOTS:
        raise Unplannable(f"Query.{root.name}")
    strawberry_schema = document.schema._strawberry_schema  # type: ignore[attr-defined]
    has_rule, permission = declared_permission(strawberry_schema.get_field_for_type(root.name, "Query"))
    if not has_rule or (permission is not None and not context.actor.can(permission)):
        raise Unplannable(f"{root.name} is refused to this caller")
    return ROOTS[root.name](objects, root, context.actor)

