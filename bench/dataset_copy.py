"""One slice of the bench dataset: the demo's own generator makes the rows, COPY writes them.

A slice is a small demo of its own (its own seeded generator over the same 18 months), so a
slice can be rebuilt from its number alone: that is what makes the build resumable. Ids are
given here from counters kept in `bench_progress`, never taken from the sequences one by one.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from random import Random
from typing import Any

import asyncpg

from cozum.demo import plan, whatsapp
from cozum.demo.draft import Staff, World
from cozum.departments.models import Category

# Tables in the order their foreign keys need, with the column holding each one's id.
TABLES = ("contacts", "tickets", "ticket_events", "inbound_events", "whatsapp_messages")
# A NOTIFY per historical row would tell no one anything and costs a quarter of the events' COPY.
# ALTER TABLE is transactional, and they are turned back on before the slice commits.
# Foreign keys, checks and the statement-level webhook fan-out stay on.
QUIET = ("ALTER TABLE ticket_events DISABLE TRIGGER ticket_events_notify",
         "ALTER TABLE inbound_events DISABLE TRIGGER inbound_events_notify")


@dataclass
class Progress:
    """What has been written; saved in the same transaction as each slice."""

    seed: int
    now: datetime
    slice_size: int
    slices_done: int
    next_ids: dict[str, int]  # table -> the id the next slice starts at
    counters: dict[int, int] = field(default_factory=dict)  # year -> last reference number

    @property
    def tickets_done(self) -> int:
        return self.slices_done * self.slice_size


@dataclass
class Setup:
    staff: Staff
    department_codes: dict[int, str]
    categories: list[Category]
    prefix: str


def build(setup: Setup, progress: Progress) -> dict[str, list[dict[str, Any]]]:
    """The rows of slice number `progress.slices_done`, ids set; moves `progress` past it."""
    rng = Random(f"{progress.seed}:{progress.slices_done}")
    world = World(rng, progress.now, setup.staff, setup.department_codes)
    ids, size = progress.next_ids, progress.slice_size
    ticket_ids = list(range(ids["tickets"], ids["tickets"] + size))
    arrivals = plan.arrivals(world, setup.categories, size)
    drafts, citizens = plan.drafts(world, arrivals, ticket_ids, progress.counters, setup.prefix)
    plan.histories(drafts, world)
    for offset, person in enumerate(citizens.people):
        person.id = ids["contacts"] + offset
    for d in drafts:
        d.row["contact_id"] = d.person.id if d.person else None
    # As store.save does: event ids follow time, the id being the live feed's cursor too.
    events = sorted((e for d in drafts for e in d.events), key=lambda e: (e["created_at"], e["_seq"]))
    for offset, event in enumerate(events):
        event["id"] = ids["ticket_events"] + offset
        del event["_seq"]
    calls, messages = whatsapp.conversations(drafts)
    for offset, call in enumerate(calls):
        call["id"] = ids["inbound_events"] + offset
    for offset, message in enumerate(messages):
        message["id"] = ids["whatsapp_messages"] + offset
        message["inbound_event_id"] = calls[message["inbound_event_id"]]["id"]
    rows = {"contacts": citizens.rows(), "tickets": [d.row for d in drafts], "ticket_events": events,
            "inbound_events": calls, "whatsapp_messages": messages}
    for table in TABLES:
        ids[table] += len(rows[table])
    progress.slices_done += 1
    return rows


def _value(value: object) -> object:
    # The enum columns are VARCHARs (native_enum=False); JSONB goes over the wire as text.
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


async def write(conn: asyncpg.Connection, rows: dict[str, list[dict[str, Any]]]) -> int:
    """COPY every table's rows, inside the caller's transaction; returns how many rows went in."""
    written = 0
    for statement in QUIET:
        await conn.execute(statement)
    for table in TABLES:
        batch = rows[table]
        if not batch:
            continue
        columns = list(batch[0])
        records = [tuple(_value(r[c]) for c in columns) for r in batch]
        await conn.copy_records_to_table(table, records=records, columns=columns)
        written += len(records)
    for statement in QUIET:
        await conn.execute(statement.replace("DISABLE", "ENABLE"))
    return written


async def save_progress(conn: asyncpg.Connection, progress: Progress) -> None:
    """The progress row, the reference counters and the sequences, in the slice's transaction."""
    await conn.execute(
        "UPDATE bench_progress SET slices_done = $1, next_ids = $2, counters = $3",
        progress.slices_done, json.dumps(progress.next_ids), json.dumps(progress.counters),
    )
    await conn.executemany(
        "INSERT INTO ticket_counters (year, last_value) VALUES ($1, $2) ON CONFLICT (year) "
        "DO UPDATE SET last_value = greatest(ticket_counters.last_value, excluded.last_value)",
        sorted(progress.counters.items()),
    )
    for table, next_id in progress.next_ids.items():
        # setval is not rolled back: at worst an interrupted slice leaves a gap in the ids.
        await conn.execute("SELECT setval(pg_get_serial_sequence($1, 'id'), $2, false)", table, next_id)
