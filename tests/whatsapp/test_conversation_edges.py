"""The conversation model at its edges: exactly at the window, a ticket merged away, a ticket
reopened, and a contact anonymised under KVKK, whose data nothing new may join."""

import time

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.whatsapp.helpers import WA_ID, Watcher, post, rows, scalar, settled, variant


async def _send(http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, wamid: str, at: float) -> int:
    assert (await post(http, variant("text", wamid, at))).status_code == 200
    await settled(engine, processor)
    [row] = await rows(engine, "SELECT ticket_id FROM whatsapp_messages WHERE wamid = :w", w=wamid)
    return int(row["ticket_id"])


async def _sql(engine: AsyncEngine, sql: str, **params: object) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(sql), params)


async def test_exactly_at_the_window_a_message_opens_a_new_ticket(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, settings: Settings
) -> None:
    window = int(settings.whatsapp_conversation_hours * 3600)
    start = int(time.time()) - 3 * window
    first = await _send(http, engine, processor, "wamid.W1", start)
    assert await _send(http, engine, processor, "wamid.W2", start + window - 1) == first  # a second inside
    assert await _send(http, engine, processor, "wamid.W3", start + 2 * window - 1) != first  # exactly at it


async def test_after_a_merge_a_message_opens_a_ticket_and_after_a_reopen_it_joins(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    now = time.time()
    first = await _send(http, engine, processor, "wamid.D1", now)
    # Merged away: the surviving ticket may be another citizen's, whose replies go to them.
    await _sql(engine, "UPDATE tickets SET status = 'DUPLICATE', closed_at = now() WHERE id = :id", id=first)
    second = await _send(http, engine, processor, "wamid.D2", now + 60)
    assert second != first
    await _sql(engine, "UPDATE tickets SET status = 'IN_PROGRESS', closed_at = NULL WHERE id = :id", id=second)
    assert await _send(http, engine, processor, "wamid.D3", now + 120) == second


async def test_a_message_after_the_contact_was_anonymised_gets_a_ticket_and_contact_of_its_own(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    now = time.time()
    first = await _send(http, engine, processor, "wamid.K1", now)
    [old] = await rows(engine, "SELECT contact_id FROM tickets WHERE id = :id", id=first)
    # The retention job's work, on a ticket still open (reopened, or kept open by mistake).
    await _sql(engine, "UPDATE contacts SET name = NULL, phone = NULL, email = NULL, anonymised_at = now(), "
                       "last_whatsapp_message_at = NULL WHERE id = :id", id=old["contact_id"])
    second = await _send(http, engine, processor, "wamid.K2", now + 60)
    assert second != first
    [new] = await rows(engine, "SELECT contact_id FROM tickets WHERE id = :id", id=second)
    assert new["contact_id"] != old["contact_id"]
    assert await scalar(engine, "SELECT phone FROM contacts WHERE id = :id", id=new["contact_id"]) == f"+{WA_ID}"
    [anonymised] = await rows(engine, "SELECT name, phone, last_whatsapp_message_at FROM contacts WHERE id = :id",
                              id=old["contact_id"])
    assert anonymised == {"name": None, "phone": None, "last_whatsapp_message_at": None}
    assert await scalar(engine, "SELECT count(*) FROM ticket_events WHERE ticket_id = :id AND type = 'CITIZEN_MESSAGE'",
                        id=first) == 0
    [message] = await rows(engine, "SELECT contact_id FROM whatsapp_messages WHERE wamid = 'wamid.K2'")
    assert message["contact_id"] == new["contact_id"]
