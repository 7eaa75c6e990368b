import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from cozum.db import create_engine
from cozum.migrate import MIGRATION_LOCK
from cozum.models import metadata


def _include(name: str | None, type_: str, *_: object) -> bool:
    return True


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        include_name=_include,
    )
    with context.begin_transaction():
        # Replicas starting together must not race: the first migrates, the rest wait
        # here and then find nothing left to do.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_async(url: str) -> None:
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


def main() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run migrations through `cozum migrate`")
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
    else:
        asyncio.run(_run_async(url))


main()
