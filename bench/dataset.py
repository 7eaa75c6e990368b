"""Builds the bench dataset: `--tickets` tickets with the demo's distributions, written by COPY.

    .venv/bin/python bench/dataset.py --tickets 1000000 [--database-url URL] [--seed N]

Resumable: each slice of tickets is written with its progress in one transaction, so after an
interruption the same command carries on where it stopped and ends with the same dataset.
A larger `--tickets` later extends a built dataset. Without a URL, an embedded PostgreSQL in
.cozum/bench-pg is used.
"""

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

import asyncpg
from dataset_copy import TABLES, Progress, Setup, build, save_progress, write
from sqlalchemy import select

from cozum.config import get_settings
from cozum.db import create_engine, create_sessionmaker
from cozum.demo import store
from cozum.demo.generator import _categories
from cozum.demo.staff import ensure_staff
from cozum.departments.models import Department
from cozum.departments.seed import load_defaults
from cozum.embedded import start_embedded
from cozum.kit.time import utcnow
from cozum.migrate import upgrade

SLICE = 20_000
PROGRESS_TABLE = """
CREATE TABLE IF NOT EXISTS bench_progress (
    seed integer NOT NULL, now timestamptz NOT NULL, slice_size integer NOT NULL,
    slices_done integer NOT NULL, next_ids jsonb NOT NULL, counters jsonb NOT NULL
)"""


async def _setup(url: str) -> Setup:
    engine = create_engine(url, pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await store.lock(session)
            await load_defaults(session)
            staff = await ensure_staff(session)
            departments = (await session.execute(select(Department))).scalars()
            codes = {d.id: d.code for d in departments if d.id is not None}
            return Setup(staff, codes, await _categories(session), get_settings().ticket_prefix)
    finally:
        await engine.dispose()


async def _progress(conn: asyncpg.Connection, seed: int, tickets: int) -> Progress:
    """The saved progress, or a fresh one starting after whatever the database already holds."""
    await conn.execute(PROGRESS_TABLE)
    row = await conn.fetchrow("SELECT * FROM bench_progress")
    if row is None:
        next_ids = {t: await conn.fetchval("SELECT nextval(pg_get_serial_sequence($1, 'id'))", t) for t in TABLES}
        counters = dict(await conn.fetch("SELECT year, last_value FROM ticket_counters"))
        progress = Progress(seed, utcnow(), min(SLICE, tickets), 0, next_ids, counters)
        await conn.execute(
            "INSERT INTO bench_progress VALUES ($1, $2, $3, 0, $4, $5)",
            seed, progress.now, progress.slice_size, json.dumps(next_ids), json.dumps(counters),
        )
        return progress
    if row["seed"] != seed:
        sys.exit(f"This database was built with --seed {row['seed']}; use it to resume or extend.")
    counters = {int(y): v for y, v in json.loads(row["counters"]).items()}
    return Progress(row["seed"], row["now"], row["slice_size"], row["slices_done"],
                    json.loads(row["next_ids"]), counters)


def _report(done: int, total: int, rows: int, started: float, resumed_at: int) -> None:
    elapsed = time.perf_counter() - started
    rate = (done - resumed_at) / elapsed if elapsed else 0.0
    eta = (total - done) / rate if rate else 0.0
    print(f"\r{done:>11,}/{total:,} tickets  {rate:,.0f} tickets/s  {rows / elapsed if elapsed else 0:,.0f} rows/s"
          f"  ETA {eta:,.0f}s ", end="", file=sys.stderr, flush=True)


async def build_dataset(url: str, tickets: int, seed: int) -> None:
    setup = await _setup(url)
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        progress = await _progress(conn, seed, tickets)
        if tickets % progress.slice_size:
            sys.exit(f"--tickets must be a multiple of {progress.slice_size:,}, the size of a slice.")
        resumed_at, rows, started = progress.tickets_done, 0, time.perf_counter()
        while progress.tickets_done < tickets:
            async with conn.transaction():
                rows += await write(conn, build(setup, progress))
                await save_progress(conn, progress)
            _report(progress.tickets_done, tickets, rows, started, resumed_at)
        print(f"\n{tickets:,} tickets; {rows:,} rows written in {time.perf_counter() - started:.1f}s",
              file=sys.stderr)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()
    url = args.database_url or start_embedded(Path(".cozum/bench-pg"))
    upgrade(url)
    asyncio.run(build_dataset(url, args.tickets, args.seed))


if __name__ == "__main__":
    main()
