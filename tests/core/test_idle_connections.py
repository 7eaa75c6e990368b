"""A pooled connection PostgreSQL dropped while it sat idle is replaced before anyone uses it,
and one in steady use is handed out without a round trip to check it."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum import db


@pytest.fixture
def pings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    ping = AsyncAdapt_asyncpg_connection.ping

    def counting(self: Any) -> None:
        counted.append(1)
        ping(self)

    monkeypatch.setattr(AsyncAdapt_asyncpg_connection, "ping", counting)
    return counted


@pytest.fixture
async def pooled(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(database_url, pool_size=1)
    yield engine
    await engine.dispose()


async def _pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        pid: int = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        return pid


async def test_a_connection_dropped_while_idle_is_replaced_on_checkout(
    pooled: AsyncEngine, engine: AsyncEngine, pings: list[int], monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = await _pid(pooled)
    async with engine.connect() as connection:  # PostgreSQL restarts, a proxy times out…
        await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
    assert await _pid(pooled) != first
    assert pings == [1]


async def test_a_connection_in_steady_use_is_not_pinged(pooled: AsyncEngine, pings: list[int]) -> None:
    first = await _pid(pooled)
    assert await _pid(pooled) == first  # the same connection, handed out again at once
    assert pings == []
