"""Two apps on one database, the compiled read path on in one and off in the other, and the
same caller on both (tests/reads/test_compiled_reads.py says why)."""

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


SUBMIT = """mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { reference secret userErrors { code } } }"""


async def submitted(pair: Pair, location: dict[str, Any] | None) -> dict[str, str]:
    categories = await pair.compiled.data("{ categories(first: 100) { edges { node { id code } } } }")
    pothole = next(e["node"]["id"] for e in categories["categories"]["edges"] if e["node"]["code"] == "ROAD_POTHOLE")
    payload = (await pair.compiled.data(SUBMIT, {"input": {
        "categoryId": pothole, "description": "Fatih Mahallesi 12. sokakta yolda büyük çukur var.",
        "contact": {"name": "Mehmet Yılmaz", "phone": "0532 111 22 33"}, "replyChannel": "SMS", "location": location,
    }}))["submitRequest"]
    return {"reference": payload["reference"], "secret": payload["secret"]}


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


