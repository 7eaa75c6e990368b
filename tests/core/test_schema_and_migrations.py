"""The committed schema and migrations must match the code."""

import asyncio
import sys
import uuid
from pathlib import Path

import asyncpg
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.migrate import MIGRATION_LOCK
from cozum.models import metadata
from cozum.schema import schema
from tests.fixtures.database import asyncpg_dsn, drop_test_database, execute, with_database

ROOT = Path(__file__).resolve().parents[2]


def test_schema_graphql_is_current() -> None:
    committed = (ROOT / "schema.graphql").read_text(encoding="utf-8")
    assert committed == schema.as_str() + "\n", "schema.graphql is stale: run `cozum export-schema`"


async def test_migrations_match_models(engine: AsyncEngine) -> None:
    def diff(connection):  # type: ignore[no-untyped-def]
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == [], "models and migrations disagree: generate a migration"


def test_migration_files_are_named_by_date() -> None:
    names = [p.name for p in (ROOT / "backend" / "migrations" / "versions").glob("*.py")]
    assert names and all(n[:4].isdigit() and n[4] == "-" and "_" in n for n in names)


async def _advisory_waiters(connection: asyncpg.Connection) -> int:
    query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    return int(await connection.fetchval(query))


async def test_replicas_migrating_at_once_take_turns(postgres_server: str) -> None:
    name = f"cozum_race_{uuid.uuid4().hex[:8]}"
    await execute(postgres_server, f'CREATE DATABASE "{name}"')
    url = with_database(postgres_server, name)
    holder = await asyncpg.connect(asyncpg_dsn(url))
    script = "import sys; from cozum.migrate import upgrade; upgrade(sys.argv[1])"
    try:
        # Hold the migration lock ourselves: three replicas must queue behind it.
        await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
        runs = [
            await asyncio.create_subprocess_exec(sys.executable, "-c", script, url, stderr=asyncio.subprocess.PIPE)
            for _ in range(3)
        ]
        async with asyncio.timeout(60):
            while await _advisory_waiters(holder) < 3:  # noqa: ASYNC110 - polling the server
                await asyncio.sleep(0.1)
        assert all(run.returncode is None for run in runs)
        await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
        outcomes = [(await run.wait(), (await run.stderr.read()).decode()) for run in runs if run.stderr]
        assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    finally:
        await holder.close()
        await drop_test_database(postgres_server, name)
