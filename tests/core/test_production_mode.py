"""In production, unexpected errors are masked, introspection is for staff, and GraphiQL is off."""

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.service import create_user
from cozum.config import Settings
from cozum.db import create_sessionmaker, transaction
from tests.auth.helpers import error_code, make_key
from tests.conftest import LOGIN, STAFF_PASSWORD
from tests.fixtures.graphql import GraphQLClient

UNREACHABLE = "postgresql://x:y@127.0.0.1:1/none"
INTROSPECTION = "{ __schema { queryType { name } } }"


def _production(database_url: str) -> Settings:
    return Settings(
        COZUM_ENV="production", SECRET_KEY="x" * 40, WHATSAPP_VERIFY_TOKEN="t" * 20,
        DATABASE_URL=database_url, COZUM_TICKET_PREFIX="TST",
    )


@pytest.fixture
async def production_app(database_url: str) -> AsyncIterator[Any]:
    application = create_app(database_url, _production(database_url))
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def production(production_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=production_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def broken(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    """A production app whose database cannot be reached."""
    application = create_app(UNREACHABLE, _production(database_url))
    transport = httpx.ASGITransport(app=application)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await application.state.engine.dispose()


async def test_an_unexpected_error_is_masked(broken: httpx.AsyncClient) -> None:
    response = await broken.post("/graphql", json={"query": "{ departments { totalCount } }"})
    body = response.json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == ["Unexpected error."]
    for leak in ("127.0.0.1", "x:y", "none", "onnect", "refused", "asyncpg", "Errno", "Traceback"):
        assert leak not in response.text, leak


async def test_the_same_failure_is_not_masked_outside_production(settings: Settings) -> None:
    # The contrast that makes the test above mean something.
    application = create_app(UNREACHABLE, settings)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=application), base_url="http://t") as http:
            body = (await http.post("/graphql", json={"query": "{ departments { totalCount } }"})).json()
    finally:
        await application.state.engine.dispose()
    assert body["errors"][0]["message"] != "Unexpected error."


async def test_an_expected_error_keeps_its_message_and_code(production: httpx.AsyncClient) -> None:
    response = await production.post("/graphql", json={"query": '{ node(id: "not an id!") { id } }'})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"node": None}
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [("Malformed ID.", "INVALID_ID")]


async def test_validation_errors_keep_their_message(production: httpx.AsyncClient) -> None:
    body = (await production.post("/graphql", json={"query": "{ departments { nope } }"})).json()
    assert "Cannot query field 'nope'" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


async def test_anonymous_introspection_is_forbidden(production: httpx.AsyncClient) -> None:
    response = await production.post("/graphql", json={"query": INTROSPECTION})
    assert response.status_code == 403
    body = response.json()
    assert body["data"] is None and error_code(body) == "FORBIDDEN"


async def test_introspection_hidden_in_a_fragment_is_forbidden(production: httpx.AsyncClient) -> None:
    response = await production.post("/graphql", json={
        "query": "{ ...F } fragment F on Query { t: __type(name: \"Ticket\") { fields { name } } }"})
    assert response.status_code == 403 and error_code(response.json()) == "FORBIDDEN"


async def test_typename_is_not_introspection(production: httpx.AsyncClient) -> None:
    body = (await production.post("/graphql", json={"query": "{ __typename }"})).json()
    assert body["data"] == {"__typename": "Query"}


async def test_signed_in_staff_may_introspect(production: httpx.AsyncClient, engine: AsyncEngine) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, "operator@example.org", STAFF_PASSWORD, StaffRole.OPERATOR, "Ayşe Operatör")
    operator = GraphQLClient(production)
    await operator.mutate("login", LOGIN, {"email": "operator@example.org", "password": STAFF_PASSWORD})
    assert (await operator.data(INTROSPECTION))["__schema"]["queryType"]["name"] == "Query"
    # ...and their mutations still need the CSRF header, which the client echoes.
    assert (await operator.data("mutation { logout { ok } }"))["logout"]["ok"] is True


async def test_a_viewer_may_not_introspect(production: httpx.AsyncClient, engine: AsyncEngine) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, "viewer@example.org", STAFF_PASSWORD, StaffRole.VIEWER, "Veli İzleyici")
    viewer = GraphQLClient(production)
    await viewer.mutate("login", LOGIN, {"email": "viewer@example.org", "password": STAFF_PASSWORD})
    response = await production.post("/graphql", json={"query": INTROSPECTION})
    assert response.status_code == 403 and error_code(response.json()) == "FORBIDDEN"


@pytest.mark.parametrize(("scopes", "status"), [([ApiScope.INTROSPECT], 200), ([ApiScope.READ_ALL], 403)])
async def test_only_keys_with_the_introspect_scope_may_introspect(
    production: httpx.AsyncClient, engine: AsyncEngine, scopes: list[ApiScope], status: int
) -> None:
    key = await make_key(engine, "Şema aracı", scopes)
    response = await production.post("/graphql", json={"query": INTROSPECTION}, headers={"X-Api-Key": key})
    assert response.status_code == status


async def test_graphiql_is_not_served_in_production(production: httpx.AsyncClient) -> None:
    response = await production.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert "graphiql" not in response.text.lower()


async def test_graphiql_is_served_outside_production(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()


async def test_production_refuses_to_start_with_the_default_secret(database_url: str) -> None:
    with pytest.raises(ValueError, match="SECRET_KEY"):
        Settings(COZUM_ENV="production", WHATSAPP_VERIFY_TOKEN="t" * 20, DATABASE_URL=database_url)


# Clients' own mistakes: told in production too, with a code, and without suggestions.

BY_PAGE = "query($n: Int) { departments(first: $n) { totalCount } }"
BY_FILTER = "query($f: TicketFilter) { tickets(filter: $f) { totalCount } }"


async def _error(http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    body = (await http.post("/graphql", json={"query": query, "variables": variables or {}})).json()
    assert body["data"] is None and len(body["errors"]) == 1, body
    error: dict[str, Any] = body["errors"][0]
    return error


@pytest.mark.parametrize(("query", "variables", "says"), [
    (BY_PAGE, {"n": "abc"}, "Int cannot represent non-integer value: 'abc'"),
    ("query($n: Int!) { departments(first: $n) { totalCount } }", {}, "'Int!' to be provided"),
    ("query($d: DateTime) { tickets(filter: {createdAfter: $d}) { totalCount } }", {"d": "dün"},
     "Value cannot represent a DateTime"),
    ("query($i: ID!) { node(id: $i) { id } }", {"i": {"x": 1}}, "ID cannot represent value"),
])
async def test_a_variable_that_does_not_fit_its_type_is_the_clients_error(
    production: httpx.AsyncClient, query: str, variables: dict[str, Any], says: str
) -> None:
    error = await _error(production, query, variables)
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert says in error["message"] and "Unexpected error" not in error["message"]


@pytest.mark.parametrize(("query", "variables", "code"), [
    (BY_FILTER, {"f": {"opn": True}}, "BAD_USER_INPUT"),  # an input field, as a variable
    ("{ departments { totalCont } }", None, "GRAPHQL_VALIDATION_FAILED"),  # a field
    ("{ departments(frist: 2) { totalCount } }", None, "GRAPHQL_VALIDATION_FAILED"),  # an argument
    ("{ departments { edges { node { cod } } } }", None, "GRAPHQL_VALIDATION_FAILED"),  # a field of an object
])
async def test_production_gives_no_suggestions(
    production: httpx.AsyncClient, http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    told = await _error(production, query, variables)
    assert told["extensions"] == {"code": code}
    assert "Did you mean" not in told["message"]
    # Outside production the same mistake is answered with a suggestion.
    assert "Did you mean" in (await _error(http, query, variables))["message"]


async def test_a_syntax_error_is_the_clients_error(production: httpx.AsyncClient) -> None:
    error = await _error(production, "{ departments { totalCount }")
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}
    assert error["message"].startswith("Syntax Error: Expected Name, found <EOF>")
    assert error["locations"] == [{"line": 1, "column": 29}]


async def test_clients_mistakes_are_not_logged_as_faults(
    production: httpx.AsyncClient, broken: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="strawberry.execution"):
        await production.post("/graphql", json={"query": "{ departments { nope } }"})
        await production.post("/graphql", json={"query": BY_PAGE, "variables": {"n": "x"}})
        assert caplog.records == []
        await broken.post("/graphql", json={"query": "{ departments { totalCount } }"})  # a fault
    assert len(caplog.records) == 1
