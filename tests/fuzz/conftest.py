"""The fuzz suite's app, world and report of how many inputs each surface was given."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.config import Settings
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.fuzz.bodies import WHATSAPP_APP_SECRET
from tests.fuzz.budget import TOTAL
from tests.fuzz.oracle import ACCEPTED, TRIED, Ledger
from tests.fuzz.runner import City
from tests.fuzz.world import build_world

# Submissions are throttled per address (tested elsewhere); here they would stop the fuzzing
# at the tenth. Everything else keeps its production defaults.
_UNTHROTTLED = {"COZUM_ANONYMOUS_SUBMISSIONS_PER_MINUTE": 1_000_000}
_PRODUCTION = {
    "COZUM_ENV": "production", "SECRET_KEY": "f" * 40, "WHATSAPP_VERIFY_TOKEN": "w" * 20,
}


def fuzz_settings(mode: str, database_url: str) -> Settings:
    values: dict[str, Any] = {
        "COZUM_ENV": "test", "COZUM_TICKET_PREFIX": "TST", "WHATSAPP_APP_SECRET": WHATSAPP_APP_SECRET, **_UNTHROTTLED,
    }
    if mode == "production":
        values |= {**_PRODUCTION, "DATABASE_URL": database_url}
    return Settings(**values)


@contextlib.asynccontextmanager
async def open_city(database_url: str, engine: AsyncEngine, mode: str) -> AsyncIterator[City]:
    settings = fuzz_settings(mode, database_url)
    app = create_app(database_url, settings)
    async with http_client(app) as anonymous:
        world, staff = await build_world(app, settings.secret_key, engine, anonymous)
        ledger = await Ledger(engine).open()
        try:
            yield City(app, mode, world, {"anonymous": GraphQLClient(anonymous), **staff}, ledger)
        finally:
            for client in staff.values():
                await client.http.aclose()
            await app.state.engine.dispose()


@pytest.fixture
async def city(database_url: str, engine: AsyncEngine) -> AsyncIterator[City]:
    async with open_city(database_url, engine, "development") as opened:
        yield opened


@pytest.fixture
async def production_city(database_url: str, engine: AsyncEngine) -> AsyncIterator[City]:
    """The same, served as in production: faults masked, so a masked one must be caught."""
    async with open_city(database_url, engine, "production") as opened:
        yield opened


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not TRIED:
        return
    terminalreporter.section(f"hostile inputs tried per surface (FUZZ_EXAMPLES={TOTAL})")
    width = max(len(s) for s in TRIED)
    terminalreporter.write_line(f"  {'surface':<{width}}  {'tried':>6}  {'carried out':>11}")
    for surface, count in sorted(TRIED.items()):
        terminalreporter.write_line(f"  {surface:<{width}}  {count:>6}  {ACCEPTED[surface]:>11}")
    total, accepted = sum(TRIED.values()), sum(ACCEPTED.values())
    terminalreporter.write_line(f"  {'total':<{width}}  {total:>6}  {accepted:>11}")
