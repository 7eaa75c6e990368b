"""One conversation, one ticket: a follow-up joins the open ticket within the window; after it,
or after the ticket is closed, the citizen's next message opens a new one."""

import time

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.whatsapp.helpers import Watcher, post, rows, settled, variant

HOUR = 3600


async def _send(http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, name: str, wamid: str,
                at: float) -> int:
    assert (await post(http, variant(name, wamid, at))).status_code == 200
    await settled(engine, processor)
    [row] = await rows(engine, "SELECT ticket_id FROM whatsapp_messages WHERE wamid = :w", w=wamid)
    return int(row["ticket_id"])


async def _age(engine: AsyncEngine, hours: float) -> None:
    """Every message so far sent `hours` earlier than it was: time moves, nobody sleeps."""
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE whatsapp_messages SET sent_at = sent_at - make_interval(hours => :h)"),
                                 {"h": hours})


async def test_a_follow_up_within_the_window_joins_and_one_after_it_opens_a_new_ticket(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, settings: Settings
) -> None:
    now = time.time()
    first = await _send(http, engine, processor, "text", "wamid.A1", now)
    assert await _send(http, engine, processor, "image", "wamid.A2", now + 60) == first
    window = settings.whatsapp_conversation_hours
    await _age(engine, window - 1)  # the last message an hour inside the window
    assert await _send(http, engine, processor, "location", "wamid.A3", now + 120) == first
    await _age(engine, window + 1)  # now past it
    later = await _send(http, engine, processor, "text", "wamid.A4", now + 180)
    assert later != first
    tickets = await rows(engine, "SELECT id, contact_id FROM tickets ORDER BY id")
    assert len(tickets) == 2 and tickets[0]["contact_id"] == tickets[1]["contact_id"]
    events = await rows(engine, "SELECT type FROM ticket_events WHERE ticket_id = :id AND type = 'CITIZEN_MESSAGE'",
                        id=first)
    assert len(events) == 2


async def test_after_the_ticket_is_closed_the_next_message_opens_a_new_one(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    now = time.time()
    first = await _send(http, engine, processor, "text", "wamid.B1", now)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE tickets SET status = 'RESOLVED', closed_at = now() WHERE id = :id"),
                                 {"id": first})
    second = await _send(http, engine, processor, "text", "wamid.B2", now + 60)
    assert second != first
    assert await _send(http, engine, processor, "image", "wamid.B3", now + 120) == second


async def test_a_location_opening_a_ticket_is_its_place_and_one_outside_the_area_is_not(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    inside = await _send(http, engine, processor, "location", "wamid.C1", time.time())
    [ticket] = await rows(engine, "SELECT latitude, longitude, description FROM tickets WHERE id = :id", id=inside)
    assert (ticket["latitude"], ticket["longitude"]) == (38.2059, 37.1983)
    assert ticket["description"].startswith("Konum: Elbistan")
    payload = variant("location", "wamid.C2", time.time() + 60)
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = "905329998877"
    payload["entry"][0]["changes"][0]["value"]["contacts"][0]["wa_id"] = "905329998877"
    payload["entry"][0]["changes"][0]["value"]["messages"][0]["location"].update(latitude=41.0, longitude=29.0)
    assert (await post(http, payload)).status_code == 200
    await settled(engine, processor)
    [other] = await rows(engine, "SELECT t.latitude, m.latitude AS sent FROM tickets t JOIN whatsapp_messages m "
                                 "ON m.ticket_id = t.id WHERE m.wamid = 'wamid.C2'")
    assert other == {"latitude": None, "sent": 41.0}  # kept on the message, not made the ticket's
