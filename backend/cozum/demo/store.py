"""Writing the demo in bulk: ids taken from the sequences up front, rows inserted in chunks."""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.demo import whatsapp
from cozum.demo.draft import Draft
from cozum.demo.people import Citizens
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent
from cozum.whatsapp.models import InboundEvent, WhatsAppMessage

CHUNK = 1000
# Two `cozum demo` runs at once would both see an empty tickets table.
LOCK_KEY = 0x636F7A756D  # "cozum"


async def lock(session: AsyncSession) -> None:
    await session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


async def has_tickets(session: AsyncSession) -> bool:
    return (await session.execute(sa.select(col(Ticket.id)).limit(1))).first() is not None


async def counters(session: AsyncSession) -> dict[int, int]:
    rows = await session.execute(sa.select(col(TicketCounter.year), col(TicketCounter.last_value)))
    return dict(rows.all())


async def allocate(session: AsyncSession, table: str, n: int) -> list[int]:
    """`n` ids from the table's own sequence, so rows can point at each other before insert."""
    if n == 0:
        return []
    stmt = sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)")
    return sorted((await session.execute(stmt, {"table": table, "n": n})).scalars())


async def _insert(session: AsyncSession, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await session.execute(sa.insert(table), list(rows[start : start + CHUNK]))


def _table(model: Any) -> sa.Table:
    table: sa.Table = model.__table__
    return table


async def save(session: AsyncSession, drafts: list[Draft], citizens: Citizens, used: dict[int, int]) -> None:
    """Contacts, tickets, their events in time order, WhatsApp messages, then the reference counters."""
    for person, contact_id in zip(citizens.people, await allocate(session, "contacts", len(citizens.people)),
                                  strict=True):
        person.id = contact_id
    await _insert(session, _table(Contact), citizens.rows())
    for d in drafts:
        d.row["contact_id"] = d.person.id if d.person else None
    # Core inserts name only the columns given, so the generated `search` column is left alone.
    await _insert(session, _table(Ticket), [d.row for d in drafts])
    events = sorted((e for d in drafts for e in d.events), key=lambda e: (e["created_at"], e["_seq"]))
    # Event ids follow time, as they would live: the id is also the live feed's cursor.
    for event, event_id in zip(events, await allocate(session, "ticket_events", len(events)), strict=True):
        event["id"] = event_id
        del event["_seq"]
    await _insert(session, _table(TicketEvent), events)
    await _save_messages(session, drafts)
    await _save_counters(session, used)


async def _save_messages(session: AsyncSession, drafts: list[Draft]) -> None:
    calls, messages = whatsapp.conversations(drafts)
    ids = await allocate(session, "inbound_events", len(calls))
    for call, call_id in zip(calls, ids, strict=True):
        call["id"] = call_id
    for message in messages:
        message["inbound_event_id"] = ids[message["inbound_event_id"]]
    await _insert(session, _table(InboundEvent), calls)
    await _insert(session, _table(WhatsAppMessage), messages)


async def _save_counters(session: AsyncSession, used: dict[int, int]) -> None:
    """Next references continue after the demo's: last_value is the highest number used each year."""
    if not used:
        return
    stmt = pg_insert(_table(TicketCounter)).values([{"year": y, "last_value": v} for y, v in sorted(used.items())])
    stmt = stmt.on_conflict_do_update(
        index_elements=["year"],
        set_={"last_value": sa.func.greatest(stmt.table.c.last_value, stmt.excluded.last_value)},
    )
    await session.execute(stmt)
