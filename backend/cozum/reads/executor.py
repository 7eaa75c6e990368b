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
from datetime import datetime
from typing import Any

import asyncpg
import orjson
from graphql import ExecutionResult, GraphQLError, OperationType, located_error
from graphql.execution import Executor
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from cozum.auth.actor import Actor
from cozum.auth.guard import declared_permission
from cozum.context import Context
from cozum.kit.time import utcnow
from cozum.reads.objects import Objects
from cozum.reads.prepared import Prepared, document_of, key_of
from cozum.reads.selection import Document, Field, Unplannable, variable_uses
from cozum.reads.sql import name
from cozum.reads.ticket_node import ticket_node
from cozum.reads.tickets_page import Compiled, tickets_connection
from cozum.reads.tracking import track_request

logger = logging.getLogger(__name__)
Root = Callable[[Objects, Field, Actor], Compiled]
ROOTS: dict[str, Root] = {"tickets": tickets_connection, "trackRequest": track_request, "node": ticket_node}


class AnsweredInSql(Executor[Any]):
    """Put before graphql-core's executor in the bases; queries alone (never a mutation, whose
    payload must read what it wrote, nor a subscription's events) take the compiled path."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        context = self.context_value
        if self.operation.operation is OperationType.QUERY and isinstance(context, Context):
            answered = self._compiled(context)
            if answered is not None:
                return answered
        return super().execute_operation(serially)

    def _compiled(self, context: Context) -> Awaitable[ExecutionResult] | None:
        """The answer from a kept statement or a new one; None where the resolvers answer."""
        now = utcnow()
        kept = context.shared.prepared_reads
        document = document_of(self.operation)
        slots = kept.slots_of(document)
        key = key_of(self.operation, self.variable_values, context.actor, slots)
        prepared = kept.get(key) if key is not None else None
        if prepared is None:
            prepared, reusable = self._prepare(context, now)
            if prepared is None:
                return None
            if reusable:
                if prepared.slot_variables != slots:  # the first time, or the document changed
                    kept.learn_slots(document, prepared.slot_variables)
                    key = key_of(self.operation, self.variable_values, context.actor, prepared.slot_variables)
                if key is not None:
                    kept.put(key, prepared)
        try:
            values = prepared.values_at(now, self.variable_values.coerced or {})
        except Unplannable:
            return None  # a variable this statement cannot take (too long a reference, say)
        return self._answer(context, prepared, values)

    def _prepare(self, context: Context, now: datetime) -> tuple[Prepared | None, bool]:
        """The statement for this operation, and whether another request may reuse it."""
        document = Document(self.schema, self.fragments, self.variable_values)
        objects = Objects(document, now)
        try:
            roots = document.fields([self.operation.selection_set], "Query")
            if not any(root.name in ROOTS for root in roots):
                return None, False
            compiled = [_root(objects, root, context, document) for root in roots]
            columns = ", ".join(f"CAST({c.sql} AS text) AS answer_{i}" for i, c in enumerate(compiled))
            statement = select(text(columns).bindparams(*objects.parameters.used_in(columns)))
            statement = statement.add_cte(*(cte for c in compiled for cte in c.ctes))
            sql, values, names = context.shared.direct_reads.sql(statement)
        except (Unplannable, GraphQLError):
            # A GraphQLError is the client's (a null for a non-null variable, say): the resolvers
            # report it as they do.
            return None, False
        except Exception:
            # A fault of the planner's own: logged, and the resolvers answer as they would anyway.
            logger.exception("The compiled read path could not plan a query; the resolvers answer it")
            return None, False
        parameters = objects.parameters
        moments, slots = parameters.moments, parameters.slots
        prepared = Prepared(
            keys=tuple(root.key for root in roots), text=sql, values=tuple(values),
            moments=tuple((i, moments[name]) for i, name in enumerate(names) if name in moments),
            slots=tuple((i, *slots[name]) for i, name in enumerate(names) if name in slots),
            first_key=next(root.key for root in roots if root.name in ROOTS),
        )
        # A variable is left out of the key only if the statement takes it at each of its uses.
        uses = variable_uses(self.operation, self.fragments)
        taken_everywhere = all(uses[variable] == count for variable, count in parameters.slot_uses().items())
        return prepared, parameters.reusable and taken_everywhere

    def _answer(self, context: Context, prepared: Prepared, values: list[Any]) -> Awaitable[ExecutionResult]:
        async def answer() -> ExecutionResult:
            try:
                row = await context.shared.direct_reads.fetchrow(prepared.text, values)
            except (SQLAlchemyError, asyncpg.PostgresError, asyncpg.InterfaceError, OSError) as failure:
                # As a resolver's fault would be: logged, masked in production, nothing kept.
                return ExecutionResult(data=None, errors=[located_error(failure, None, [prepared.first_key])])
            # SQL NULL for a nullable root (trackRequest without a match) is JSON null.
            answered = zip(prepared.keys, row, strict=True)
            return ExecutionResult(data={key: None if sql is None else orjson.Fragment(sql) for key, sql in answered})

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

