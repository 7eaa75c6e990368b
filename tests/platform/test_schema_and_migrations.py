"""The committed schema and migrations must match the code."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.models import metadata
from cozum.schema import schema

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
