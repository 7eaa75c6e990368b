"""`cozum migrate` (and so `cozum serve`) on an empty database: the municipality can take requests."""

import asyncio
import os
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from cozum.app import create_app
from cozum.config import Settings
from tests.conftest import http_client
from tests.fixtures.database import asyncpg_dsn, drop_test_database, execute, with_database
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import server_process

COZUM = str(Path(sys.executable).with_name("cozum"))
SUBMIT = """mutation($i: SubmitRequestInput!) { submitRequest(input: $i) { reference userErrors { code } } }"""


@pytest.fixture
async def empty_database(postgres_server: str) -> AsyncIterator[str]:
    name = f"cozum_empty_{uuid.uuid4().hex[:12]}"
    await execute(postgres_server, f'CREATE DATABASE "{name}"')
    yield with_database(postgres_server, name)
    await drop_test_database(postgres_server, name)


async def _migrate(url: str) -> str:
    process = await asyncio.create_subprocess_exec(
        COZUM, "migrate", env={**os.environ, "DATABASE_URL": url},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    return output.decode()


async def _count(url: str, table: str) -> int:
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
    finally:
        await connection.close()


async def test_the_first_migrate_loads_the_defaults_and_a_citizen_can_submit(empty_database: str) -> None:
    output = await _migrate(empty_database)
    assert "First deployment" in output
    assert await _count(empty_database, "departments") >= 5
    app = create_app(empty_database, Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST"))
    try:
        async with http_client(app) as http:
            client = GraphQLClient(http)
            categories = await client.data("{ categories(first: 50) { edges { node { id code } } } }")
            category = next(e["node"]["id"] for e in categories["categories"]["edges"] if e["node"]["code"] != "OTHER")
            payload = await client.mutate("submitRequest", SUBMIT, {"i": {
                "categoryId": category, "description": "Sokağımızda büyük bir çukur var.",
                "contact": {"phone": "0532 000 00 00"}, "replyChannel": "SMS",
            }})
        assert payload["reference"].startswith("TST-")
    finally:
        await app.state.engine.dispose()


async def test_a_later_migrate_leaves_the_departments_as_administrators_made_them(empty_database: str) -> None:
    await _migrate(empty_database)
    connection = await asyncpg.connect(asyncpg_dsn(empty_database))
    try:
        await connection.execute("DELETE FROM categories WHERE code = (SELECT min(code) FROM categories)")
    finally:
        await connection.close()
    before = await _count(empty_database, "categories")
    output = await _migrate(empty_database)
    assert "First deployment" not in output
    assert await _count(empty_database, "categories") == before


async def test_a_fresh_serve_without_demo_takes_a_citizens_request(empty_database: str) -> None:
    # What an administrator does on the first day: `cozum serve` on an empty database, no demo.
    async with server_process(empty_database) as (address, _pid), httpx.AsyncClient(base_url=f"http://{address}") as http:
        client = GraphQLClient(http)
        categories = await client.data("{ categories(first: 100) { edges { node { id code } } } }")
        codes = {e["node"]["code"]: e["node"]["id"] for e in categories["categories"]["edges"]}
        assert {"ROAD_POTHOLE", "SNOW_ICE"} <= set(codes)
        payload = await client.mutate("submitRequest", SUBMIT, {"i": {
            "categoryId": codes["ROAD_POTHOLE"], "description": "Okul önündeki yolda derin bir çukur açıldı.",
            "contact": {"email": "vatandas@example.org"}, "replyChannel": "EMAIL",
        }})
    assert payload["reference"].startswith("TST-")
    assert await _count(empty_database, "tickets") == 1
    assert await _count(empty_database, "users") == 0  # no demo staff
