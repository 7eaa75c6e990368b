"""The benchmark's PostgreSQL: the embedded server, a throw-away database, commit times."""

import asyncio
import contextlib
import os
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

ROOT = Path(__file__).resolve().parents[1]
PG_DIR = Path("/tmp/cozum-bench-pg")



def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def plain_dsn(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def execute(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


# Commit timestamps give each event's true COMMIT time; the naive baseline needs a
# connection per subscriber. Both take a restart, done once: the settings persist in PG_DIR.
PG_SETTINGS = {"track_commit_timestamp": "on", "max_connections": "1200"}


def server_url() -> str:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return configured
    from cozum.embedded import start_embedded

    url = start_embedded(PG_DIR)
    current = {name: asyncio.run(_fetchval(url, f"SHOW {name}")) for name in PG_SETTINGS}
    if current != PG_SETTINGS:
        asyncio.run(execute(url, *(f"ALTER SYSTEM SET {k} = '{v}'" for k, v in PG_SETTINGS.items())))
        restart_embedded()
    return url


def pg_ctl(*arguments: str) -> None:
    binary = Path(__import__("pgserver").__file__).parent / "pginstall" / "bin" / "pg_ctl"
    user = ["runuser", "-u", "pgserver", "--"] if os.geteuid() == 0 else []  # pg_ctl refuses root
    log = PG_DIR / "pg" / "restart.log"
    # Output to a file, not a pipe: a restarted server inherits it and would hold a pipe open.
    subprocess.run([*user, str(binary), "-D", str(PG_DIR / "pg"), "-l", str(log), "-w", *arguments],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def restart_embedded() -> None:
    pg_ctl("restart", "-m", "fast")


def stop_embedded() -> None:
    """pgserver stops the server at exit only if no other (even dead) process ever held it: do it here."""
    if not os.environ.get("DATABASE_URL") and (PG_DIR / "pg" / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.SubprocessError):
            pg_ctl("stop", "-m", "fast")


async def commit_times(url: str, cursors: list[int]) -> dict[int, float]:
    """Each event's COMMIT time (wall clock of this machine), if track_commit_timestamp is on."""
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        if await connection.fetchval("SHOW track_commit_timestamp") != "on":
            return {}
        rows = await connection.fetch(
            "SELECT id, extract(epoch FROM pg_xact_commit_timestamp(xmin))::float8 AS at "
            "FROM ticket_events WHERE id = ANY($1::bigint[])", cursors)
        return {row["id"]: row["at"] for row in rows if row["at"] is not None}
    finally:
        await connection.close()


async def _fetchval(url: str, query: str) -> Any:
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


@dataclass
class Database:
    server: str
    url: str
    name: str
    api_key: str
    category_id: str


def create_database(server: str) -> Database:
    """A fresh database: migrated, default departments and categories, one API key."""
    from cozum.migrate import upgrade

    name = f"cozum_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(execute(server, f'CREATE DATABASE "{name}"'))
    url = with_database(server, name)
    upgrade(url)  # alembic runs its own event loop: call it outside ours
    api_key, category_id = asyncio.run(_seed(url))
    return Database(server, url, name, api_key, category_id)


async def _seed(url: str) -> tuple[str, str]:
    from sqlalchemy import select

    from cozum.auth.api_keys import create_api_key
    from cozum.auth.permissions import ApiScope
    from cozum.db import create_engine, create_sessionmaker, transaction
    from cozum.departments.models import Category
    from cozum.departments.seed import load_defaults
    from cozum.kit.relay import to_global_id

    engine = create_engine(url, pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            await load_defaults(session)
            scopes = [ApiScope.READ_ALL, ApiScope.SUBSCRIBE, ApiScope.WRITE_TICKETS]
            _, key = await create_api_key(session, "fan-out benchmark", scopes, rate_limit_per_minute=100_000)
            category = (await session.execute(select(Category).where(Category.code == "ROAD_POTHOLE"))).scalar_one()
            assert category.id is not None
            return key, to_global_id("Category", category.id)
    finally:
        await engine.dispose()


def drop_database(database: Database) -> None:
    asyncio.run(execute(database.server, f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)'))


def postmaster_pid() -> int | None:
    """The embedded PostgreSQL's main process, whose children are the backends."""
    pid_file = PG_DIR / "pg" / "postmaster.pid"
    if os.environ.get("DATABASE_URL") or not pid_file.exists():
        return None
    return int(pid_file.read_text().split()[0])
