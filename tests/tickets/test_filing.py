"""A new ticket in one statement (tickets/filing.py): its reference, row, CREATED event and the
citizen's RECEIVED message, and nothing of it when the transaction does not commit."""

import asyncio
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.actor import CITIZEN
from cozum.contacts.service import ContactDetails
from cozum.db import create_sessionmaker
from cozum.kit.time import ISTANBUL, utcnow
from cozum.tickets.enums import IntakeChannel, ReplyChannel
from cozum.tickets.intake import Created
from tests.tickets.factories import PREFIX, create, operator

YEAR = utcnow().astimezone(ISTANBUL).year


async def rows(db: AsyncSession, sql: str, **values: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in (await db.execute(text(sql), values)).mappings()]


async def set_counter(db: AsyncSession, last_value: int) -> None:
    await db.execute(
        text("INSERT INTO ticket_counters (year, last_value) VALUES (:y, :v) "
             "ON CONFLICT (year) DO UPDATE SET last_value = :v"), {"y": YEAR, "v": last_value},
    )


async def test_the_number_is_padded_to_six_digits_and_grows_past_them(db: AsyncSession) -> None:
    actor = await operator(db)
    first = await create(db, actor)
    await set_counter(db, 999_998)
    references = [(await create(db, actor)).reference for _ in range(2)]
    assert first.reference == f"{PREFIX}-{YEAR}-000001"
    assert references == [f"{PREFIX}-{YEAR}-999999", f"{PREFIX}-{YEAR}-1000000"]


async def test_the_row_its_event_and_the_citizens_message_are_written_together(db: AsyncSession) -> None:
    contact = ContactDetails(name="Elif Kaya", email="elif@example.org")
    created = await create(db, CITIZEN, channel=IntakeChannel.WEB, contact=contact, reply_channel=ReplyChannel.EMAIL)

    [ticket] = await rows(db, "SELECT * FROM tickets WHERE id = :id", id=created.ticket_id)
    assert (ticket["reference"], ticket["status"], ticket["channel"], ticket["version"]) == (
        created.reference, "NEW", "WEB", 1)
    assert ticket["contact_id"] is not None and ticket["created_at"] == ticket["updated_at"]
    [event] = await rows(db, "SELECT * FROM ticket_events WHERE ticket_id = :id", id=created.ticket_id)
    assert event["id"] == created.event_id
    assert (event["type"], event["from_status"], event["to_status"], event["public"]) == ("CREATED", None, "NEW", True)
    assert (event["actor_id"], event["actor_label"], event["data"]) == (None, CITIZEN.label, {"channel": "WEB"})
    assert event["created_at"] == ticket["created_at"]
    [message] = await rows(db, "SELECT * FROM outbox WHERE ticket_id = :id", id=created.ticket_id)
    assert (message["kind"], message["channel"], message["language"], message["status"]) == (
        "RECEIVED", "EMAIL", "TR", "PENDING")
    assert message["data"] == {"status": "NEW"} and message["next_attempt_at"] == ticket["created_at"]


async def test_no_message_without_someone_to_write_to_or_a_channel_we_send(db: AsyncSession) -> None:
    by_phone = ContactDetails(name="Ali Demir", phone="+905321234567")
    silent = [
        await create(db, CITIZEN, channel=IntakeChannel.WEB),
        await create(db, CITIZEN, channel=IntakeChannel.WEB, contact=by_phone, reply_channel=ReplyChannel.PHONE),
        await create(db, CITIZEN, channel=IntakeChannel.WEB, reply_channel=ReplyChannel.NONE, contact=by_phone),
    ]
    ids = [c.ticket_id for c in silent]
    assert await rows(db, "SELECT id FROM outbox WHERE ticket_id = ANY(:ids)", ids=ids) == []
    events = await rows(db, "SELECT ticket_id FROM ticket_events WHERE ticket_id = ANY(:ids)", ids=ids)
    assert sorted(e["ticket_id"] for e in events) == sorted(ids)


async def test_a_filing_that_does_not_commit_leaves_nothing_and_no_gap(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as db:
        actor = await operator(db)
        await db.commit()
        kept = await create(db, actor, contact=ContactDetails(email="a@example.org"), reply_channel=ReplyChannel.EMAIL)
        await db.commit()
        dropped = await create(db, actor, contact=ContactDetails(email="b@example.org"),
                               reply_channel=ReplyChannel.EMAIL)
        await db.rollback()
        after = await create(db, actor)
        await db.commit()
        for table in ("tickets", "ticket_events", "outbox"):
            column = "id" if table == "tickets" else "ticket_id"
            assert await rows(db, f"SELECT 1 FROM {table} WHERE {column} = :id", id=dropped.ticket_id) == []
    number = int(kept.reference.rsplit("-", 1)[1])
    assert after.reference.endswith(f"-{number + 1:06d}")


async def test_tickets_filed_at_once_get_consecutive_numbers(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    async with sessionmaker() as db:
        actor = await operator(db)
        await db.commit()

    async def one() -> Created:
        async with sessionmaker() as db:
            created = await create(db, actor)
            await asyncio.sleep(0.01)  # the counter's row stays locked until this commits
            await db.commit()
            return created

    numbers = sorted(int(c.reference.rsplit("-", 1)[1]) for c in await asyncio.gather(*(one() for _ in range(8))))
    assert numbers == list(range(numbers[0], numbers[0] + 8))
