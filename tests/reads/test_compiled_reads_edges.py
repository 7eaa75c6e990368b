"""The compiled read path at its edges: float columns, wide selections, a lost connection, a
client's bad variable. Each asserts what the resolvers answer (tests/reads/test_compiled_reads.py)."""
import asyncio
import json
import logging
from contextlib import AsyncExitStack
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.demo.staff import DEMO_PASSWORD, DOMAIN
from tests.conftest import LOGIN, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.reads.conftest import Pair


def typed(body: str) -> Any:
    """Parsed, keeping key order and whether each number was written as an int or a float."""
    return json.loads(body, object_pairs_hook=list, parse_float=lambda v: ("float", v), parse_int=lambda v: ("int", v))


async def bodies(pair: Pair, query: str, variables: dict[str, Any] | None = None) -> tuple[str, str]:
    out = []
    for client in (pair.compiled, pair.resolved):
        response = await client.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=client.headers())
        out.append(response.text)
    return out[0], out[1]


async def test_a_whole_number_coordinate_is_written_as_a_float(operator: Pair, engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("UPDATE tickets SET latitude = 41, longitude = 29 WHERE id = 150"))
    compiled, resolved = await bodies(operator, "{ tickets(first: 1) { edges { node { location { latitude longitude } } } } }")
    assert typed(compiled) == typed(resolved), (compiled, resolved)


async def test_more_fields_than_json_build_object_takes_go_to_the_resolvers(apps: Any, settings: Any, database_url: str) -> None:
    roomy = settings.model_copy(update={"graphql_max_aliases": 100})  # COZUM_GRAPHQL_MAX_ALIASES allows up to 500
    made = [create_app(database_url, roomy), create_app(database_url, roomy.model_copy(update={"compiled_reads": False}))]
    compiled, resolved = (GraphQLClient(http_client(app)) for app in made)
    await compiled.mutate("login", LOGIN, {"email": f"operator@{DOMAIN}", "password": DEMO_PASSWORD})
    resolved.http.cookies = compiled.http.cookies
    wide = " ".join(f"a{i}: hasNextPage" for i in range(51))
    query = "{ tickets(first: 1) { pageInfo { " + wide + " } } }"
    a, b = await compiled.execute(query), await resolved.execute(query)
    assert a == b, a
    for app in made:
        await app.state.engine.dispose()


async def test_a_lost_connection_retires_the_whole_pool_as_sqlalchemy_would(operator: Pair, engine: AsyncEngine, apps: Any) -> None:
    app, client = apps[0], operator.compiled
    cache = app.state.shared.credential_cache
    await cache.start()  # as the app's lifespan does: the caller's session is then cached, no SQL
    while not cache.trusted:  # noqa: ASYNC110 - the cache has no event to wait on
        await asyncio.sleep(0.05)
    query = "{ tickets(first: 2) { edges { node { id } } } }"
    await client.execute(query)
    async with AsyncExitStack() as stack:  # four connections in the pool
        for _ in range(4):
            await (await stack.enter_async_context(app.state.engine.connect())).execute(text("SELECT 1"))
    async with engine.connect() as conn:  # PostgreSQL restarts, a proxy drops them, a failover
        await conn.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND application_name <> 'cozum_sessions' AND backend_type = 'client backend'"))
    await asyncio.sleep(0.3)
    failed = [bool((await client.execute(query)).get("errors")) for _ in range(6)]
    await cache.stop()
    # One request fails (the one that finds out); the pool's other connections are replaced.
    assert failed.count(True) <= 1, failed


async def test_a_clients_bad_variable_is_not_logged_as_a_planner_fault(operator: Pair, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="cozum.reads.executor")
    await bodies(operator, "query($v: Boolean = true) { tickets(first: 1) { totalCount @include(if: $v) } }", {"v": None})
    assert not [r for r in caplog.records if r.name == "cozum.reads.executor"]
