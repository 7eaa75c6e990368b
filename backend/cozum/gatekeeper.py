"""Checks every operation passes before it runs, cheapest first.

1. cost: computed from the document alone, so an over-costly query touches no database;
2. strings: no NUL (PostgreSQL text cannot hold one) and no lone surrogate (no driver can send one);
3. credentials: API key (and its rate limit) or session cookie;
4. CSRF: a cookie-authenticated mutation over HTTP must echo the CSRF cookie in a header;
5. mutations per document: a few for anonymous callers, more for staff and keys;
6. introspection: in production only for staff and keys allowed to.
"""

from collections.abc import AsyncIterator, Callable
from typing import Any, TypeVar, cast

from graphql import ExecutionResult, GraphQLError
from graphql.language import DocumentNode, FieldNode, StringValueNode, visit
from graphql.language.visitor import Visitor
from starlette.requests import Request
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from cozum.auth.authenticate import authenticate
from cozum.auth.credentials import CSRF_HEADER, AuthMethod, Refusal, csrf_matches, rate_refusal
from cozum.auth.permissions import Permission
from cozum.context import Context
from cozum.kit.cost import document_cost
from cozum.kit.document_cache import DocumentCache
from cozum.kit.root_fields import root_field_count
from cozum.kit.storable import describe, unstorable_character, unstorable_in


class _Introspects(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        if node.name.value in ("__schema", "__type"):
            self.found = True


class _Unstorable(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found: str | None = None

    def enter_string_value(self, node: StringValueNode, *_: Any) -> Any:
        self.found = unstorable_character(node.value)
        return self.BREAK if self.found is not None else None


def _unstorable(document: DocumentNode) -> str | None:
    visitor = _Unstorable()
    visit(document, visitor)
    return visitor.found


def _introspects(document: DocumentNode) -> bool:
    visitor = _Introspects()
    visit(document, visitor)
    return visitor.found


T = TypeVar("T")


class Gatekeeper(SchemaExtension):
    def __init__(self, *, max_cost: int, guard_introspection: bool, documents: DocumentCache | None = None) -> None:
        self.max_cost = max_cost
        self.guard_introspection = guard_introspection
        self.documents = documents
        self.cost: int | None = None

    def _found_once(self, name: str, find: Callable[[DocumentNode], T]) -> T:
        """What `find` learns from the document alone, kept with the cached document: a walk of
        the whole document costs more than the rest of a cached query's checks together."""
        ec = self.execution_context
        assert ec.graphql_document is not None
        prepared = self.documents.peek(ec.query or "") if self.documents is not None else None
        if prepared is None or prepared.document is not ec.graphql_document:
            return find(ec.graphql_document)
        if name not in prepared.facts:
            prepared.facts[name] = find(ec.graphql_document)
        return cast(T, prepared.facts[name])

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context.context
        if isinstance(context, Context):
            refusal = self._check_cost() or self._check_strings(context)
            refusal = refusal or await authenticate(context) or self._check_csrf(context)
            refusal = refusal or self._check_mutation_count(context)
            refusal = refusal or self._check_introspection(context) or self._check_key_rate(context)
            if refusal is not None:
                await context.finish(commit=False)
                self._refuse(context, refusal)
            if isinstance(context.request, WebSocket):
                self._start_on_connection(context)
                await context.finish(commit=False)
        yield

    def _start_on_connection(self, context: Context) -> None:
        """Credentials are looked up once per connection: the hub checks them again while
        it is open. Each operation then works in a session of its own."""
        context.operations += 1
        if context.actor.is_authenticated and context.shared.hub is not None:
            context.shared.hub.watch(context)
        self.execution_context.context = context.fork()

    def _check_key_rate(self, context: Context) -> Refusal | None:
        # Over HTTP every request is counted when the key is looked up; a WebSocket looks
        # it up once, so its later operations are counted here.
        credentials = context.credentials
        if credentials.method is not AuthMethod.API_KEY or context.operations == 0:
            return None
        if not isinstance(context.request, WebSocket):
            return None
        assert credentials.actor.api_key_id is not None and credentials.key_rate_limit is not None
        return rate_refusal(credentials.actor.api_key_id, credentials.key_rate_limit, context.shared.rate_limiter)

    def get_results(self) -> dict[str, Any]:
        # Not on every message of a subscription: it was priced once, when it started.
        if self.cost is None or self.execution_context.operation_type is OperationType.SUBSCRIPTION:
            return {}
        return {"cost": {"requestedQueryCost": self.cost, "maximumAvailable": self.max_cost}}

    def _check_cost(self) -> Refusal | None:
        ec = self.execution_context
        assert ec.graphql_document is not None
        self.cost = document_cost(ec.schema._schema, ec.graphql_document, ec.variables, ec.operation_name)
        if self.cost <= self.max_cost:
            return None
        return Refusal(
            400, "QUERY_TOO_COSTLY",
            f"This query could cost {self.cost} points; the limit is {self.max_cost}. Ask for smaller pages.",
            extra={"cost": self.cost, "maximumAvailable": self.max_cost},
        )

    def _check_strings(self, context: Context) -> Refusal | None:
        # Checked once here rather than in every input: a string reaching PostgreSQL from a
        # lookup, a filter or a login would otherwise be an untyped database error. A
        # WebSocket's `connection_init` payload too: an API key in it is looked up next.
        ec = self.execution_context
        found = self._found_once("unstorable", _unstorable)
        found = found or unstorable_in(ec.variables) or unstorable_in(context.connection_params)
        if found is None:
            return None
        return Refusal(400, "BAD_REQUEST", describe(found))

    def _check_csrf(self, context: Context) -> Refusal | None:
        if context.auth_method is not AuthMethod.COOKIE or not isinstance(context.request, Request):
            return None
        if self.execution_context.operation_type is not OperationType.MUTATION:
            return None
        assert context.session_token is not None
        if csrf_matches(context.settings.secret_key, context.session_token, context.request.headers.get(CSRF_HEADER)):
            return None
        return Refusal(403, "CSRF_FAILED", "Send the X-CSRF-Token header with the value of the cozum_csrf cookie.")

    def _check_mutation_count(self, context: Context) -> Refusal | None:
        # Each root field of a mutation runs on its own: thirty aliased submitRequest fields
        # would be thirty tickets from one request, past any per-request throttle.
        ec = self.execution_context
        if ec.operation_type is not OperationType.MUTATION:
            return None
        settings = context.settings
        anonymous = not context.actor.is_authenticated
        limit = settings.graphql_max_anonymous_mutations if anonymous else settings.graphql_max_mutations
        assert ec.graphql_document is not None
        count = root_field_count(ec.graphql_document, ec.operation_name)
        if count <= limit:
            return None
        who = "without signing in or an API key " if anonymous else ""
        return Refusal(
            400, "TOO_MANY_MUTATIONS",
            f"A document may run at most {limit} mutations {who}(this one has {count}); send them separately.",
            extra={"limit": limit},
        )

    def _check_introspection(self, context: Context) -> Refusal | None:
        if not self.guard_introspection or context.actor.can(Permission.INTROSPECT):
            return None
        if not self._found_once("introspects", _introspects):
            return None
        return Refusal(403, "FORBIDDEN", "Introspection is available to staff and to keys with the INTROSPECT scope.")

    def _refuse(self, context: Context, refusal: Refusal) -> None:
        error = GraphQLError(refusal.message, extensions={"code": refusal.code, **refusal.extra})
        if context.response is not None:
            context.response.status_code = refusal.status
            for name, value in refusal.headers.items():
                context.response.headers[name] = value
        if self.execution_context.operation_type is OperationType.SUBSCRIPTION:
            # A subscription does not look at a preset result: refuse by raising.
            raise error
        self.execution_context.result = ExecutionResult(data=None, errors=[error])
