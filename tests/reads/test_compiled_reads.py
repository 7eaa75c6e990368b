"""The compiled read path answers exactly what the resolvers answer, in one statement.

Two apps on the same database: one answers the documents it knows in SQL (the default), the
other with COZUM_COMPILED_READS off, through every resolver. Each document below goes to both
as the same caller; the bodies must be equal byte for byte once parsed, keys in the same order.
"""

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.config import Settings
from cozum.db import create_sessionmaker
from cozum.demo.generator import load_demo
from cozum.demo.staff import DEMO_PASSWORD, DOMAIN
from tests.conftest import LOGIN, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import use_cheap_passwords

QUEUE_ROW = """fragment QueueRow on Ticket {
  id reference title status version priority channel createdAt dueAt overdue closedAt
  category { id nameTr nameEn department { id } }
  department { id code nameTr nameEn }
  assignee { id name }
}"""

CONSOLE = """query QueueTickets($filter: TicketFilter, $orderBy: TicketOrder, $first: Int, $after: String) {
  tickets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { node { ...QueueRow } }
    pageInfo { hasNextPage endCursor }
  }
}
""" + QUEUE_ROW

EVERYTHING = """query Everything($first: Int, $after: String, $withEvent: Boolean!, $lang: Language!) {
  __typename
  page: tickets(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: ASC}) {
    __typename
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
    edges {
      __typename cursor
      node {
        __typename id ... on Ticket { reference requestType replyChannel channelReference }
        description resolution forwardedTo legalDueAt onHoldSince updatedAt
        label: statusLabel(language: $lang) statusLabel
        location { latitude longitude address neighbourhood __typename }
        lastEvent @include(if: $withEvent) { id type actorLabel public fromStatus toStatus message createdAt cursor }
        assignee @skip(if: $withEvent) { id name active department { id name(language: $lang) } }
        category { code slaHours remit externalInstitution defaultPriority active name(language: $lang) }
      }
    }
    count: totalCount
  }
  open: tickets(first: 3, filter: {open: true}) { edges { cursor node { reference } } }
}"""

BENCH_QUEUE = """query QueuePage($filter: TicketFilter) {
  tickets(first: 50, orderBy: {field: CREATED_AT, direction: DESC}, filter: $filter) {
    edges { node {
      id reference status priority title channel createdAt updatedAt dueAt
      department { id nameTr } category { id nameTr } assignee { id name } lastEvent { type createdAt }
    } }
  }
}"""


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    use_cheap_passwords(monkeypatch)


class Pair:
    """The same caller on both apps, and the statements the compiled app ran."""

    def __init__(self, compiled: GraphQLClient, resolved: GraphQLClient, statements: list[str]):
        self.compiled, self.resolved, self.statements = compiled, resolved, statements

    async def both(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        self.statements.clear()
        compiled = await self.compiled.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                                 headers=self.compiled.headers())
        ran = list(self.statements)
        resolved = await self.resolved.http.post("/graphql", json={"query": query, "variables": variables or {}},
                                                 headers=self.resolved.headers())
        assert compiled.status_code == resolved.status_code
        assert _ordered(compiled.text) == _ordered(resolved.text), _first_difference(compiled.text, resolved.text)
        self.ran = [s for s in ran if "json_build_object" in s]
        return json.loads(compiled.text)


def _first_difference(compiled: str, resolved: str) -> str:
    """Where the two bodies part, for the failure message."""
    a, b = _flat(json.loads(compiled)), _flat(json.loads(resolved))
    for (path_a, value_a), (path_b, value_b) in zip(a, b, strict=False):
        if (path_a, value_a) != (path_b, value_b):
            return f"compiled {path_a} = {value_a!r}; resolvers {path_b} = {value_b!r}"
    return f"{len(a)} values compiled, {len(b)} from the resolvers"


def _flat(value: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [item for key, v in value.items() for item in _flat(v, f"{path}.{key}")]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _flat(v, f"{path}[{i}]")]
    return [(path, value)]


def _ordered(text: str) -> Any:
    """JSON with every object as its list of (key, value) pairs: equal only in the same order."""
    return json.loads(text, object_pairs_hook=list)


@pytest.fixture
async def apps(database_url: str, settings: Settings, engine: AsyncEngine) -> AsyncIterator[tuple[Any, Any]]:
    await load_demo(create_sessionmaker(engine), tickets=150, seed=11)
    compiled = create_app(database_url, settings)
    resolved = create_app(database_url, settings.model_copy(update={"compiled_reads": False}))
    yield compiled, resolved
    for app in (compiled, resolved):
        await app.state.engine.dispose()


async def _pair(apps: tuple[Any, Any], email: str | None) -> AsyncIterator[Pair]:
    compiled, resolved = (GraphQLClient(http_client(app)) for app in apps)
    if email is not None:
        await compiled.mutate("login", LOGIN, {"email": email, "password": DEMO_PASSWORD})
        resolved.http.cookies = compiled.http.cookies  # one session, valid on both
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    sync_engine, direct = apps[0].state.engine.sync_engine, apps[0].state.shared.direct_reads.listeners
    event.listen(sync_engine, "before_cursor_execute", record)
    direct.append(statements.append)
    yield Pair(compiled, resolved, statements)
    event.remove(sync_engine, "before_cursor_execute", record)
    direct.remove(statements.append)
    for client in (compiled, resolved):
        await client.http.aclose()


@pytest.fixture
async def operator(apps: tuple[Any, Any]) -> AsyncIterator[Pair]:
    async for pair in _pair(apps, f"operator@{DOMAIN}"):
        yield pair


@pytest.fixture
async def agent(apps: tuple[Any, Any]) -> AsyncIterator[Pair]:
    """A Fen İşleri agent: reads the tickets of that department only."""
    async for pair in _pair(apps, f"fen@{DOMAIN}"):
        yield pair


@pytest.fixture
async def anonymous(apps: tuple[Any, Any]) -> AsyncIterator[Pair]:
    async for pair in _pair(apps, None):
        yield pair


async def test_the_consoles_queue_page_and_the_next_are_one_statement_each(operator: Pair) -> None:
    first = await operator.both(CONSOLE, {"first": 50})
    assert len(operator.ran) == 1
    page = first["data"]["tickets"]
    assert len(page["edges"]) == 50 and page["totalCount"] == 150 and page["pageInfo"]["hasNextPage"]
    after = page["pageInfo"]["endCursor"]
    second = await operator.both(CONSOLE, {"first": 50, "after": after})
    assert len(operator.ran) == 1
    assert {e["node"]["id"] for e in second["data"]["tickets"]["edges"]}.isdisjoint(
        e["node"]["id"] for e in page["edges"])


@pytest.mark.parametrize("variables", [
    {"filter": {"open": True}},
    {"filter": {"open": False, "channels": ["PHONE", "WHATSAPP"]}},
    {"filter": {"status": ["RESOLVED"]}, "orderBy": {"field": "DUE_AT", "direction": "ASC"}, "first": 7},
    {"filter": {"overdue": True}},
    {"filter": {"overdue": False}, "orderBy": {"field": "UPDATED_AT", "direction": "DESC"}},
    {"filter": {"unassigned": True}, "first": 100},
    {"filter": {"text": "çukur"}},
    {"filter": {"contact": "+90 532 000 00 00"}},
    {"filter": {"createdAfter": "2000-01-01T00:00:00Z", "requestTypes": ["COMPLAINT"]}},
    {"first": 0},
])
async def test_filters_orders_and_sizes_give_what_the_resolvers_give(operator: Pair, variables: dict[str, Any]) -> None:
    await operator.both(CONSOLE, variables)
    assert len(operator.ran) == 1


async def test_every_field_it_knows_aliases_fragments_and_directives(operator: Pair) -> None:
    for with_event, lang in ((True, "EN"), (False, "TR")):
        body = await operator.both(EVERYTHING, {"first": 20, "withEvent": with_event, "lang": lang})
        assert len(operator.ran) == 1 and body["data"]["__typename"] == "Query"
        cursor = body["data"]["page"]["pageInfo"]["endCursor"]
        later = await operator.both(EVERYTHING, {"first": 20, "after": cursor, "withEvent": with_event, "lang": lang})
        assert later["data"]["page"]["pageInfo"]["hasPreviousPage"] is True


async def test_the_benchmarks_queue_page(operator: Pair) -> None:
    body = await operator.both(BENCH_QUEUE)
    assert len(operator.ran) == 1 and all(e["node"]["lastEvent"] for e in body["data"]["tickets"]["edges"])


async def test_a_department_agent_gets_the_departments_tickets_alone(operator: Pair, agent: Pair) -> None:
    everyone = (await operator.both(CONSOLE, {"first": 100}))["data"]["tickets"]
    theirs = (await agent.both(CONSOLE, {"first": 100}))["data"]["tickets"]
    assert len(agent.ran) == 1
    assert 0 < theirs["totalCount"] < everyone["totalCount"]
    assert {e["node"]["department"]["code"] for e in theirs["edges"]} == {"FEN"}


@pytest.mark.parametrize("query, variables", [
    (CONSOLE, {"after": "not-a-cursor"}),
    (CONSOLE, {"first": 101}),
    (CONSOLE, {"filter": {"departmentIds": ["bm90LWFuLWlk"]}}),
    ("{ tickets(last: 5) { edges { node { reference } } pageInfo { hasPreviousPage } } }", {}),
    ("{ tickets(first: 2) { edges { node { reference contact { id } } } } }", {}),
    ("{ tickets(first: 2) { edges { node { reference } } } me { name } }", {}),
])
async def test_what_it_does_not_compile_the_resolvers_answer(operator: Pair, query: str, variables: dict[str, Any]) -> None:
    await operator.both(query, variables)
    assert operator.ran == []


async def test_a_caller_without_the_permission_gets_the_resolvers_refusal(anonymous: Pair) -> None:
    body = await anonymous.both(CONSOLE, {})
    assert anonymous.ran == [] and body["errors"][0]["extensions"]["code"] == "NOT_AUTHENTICATED"
