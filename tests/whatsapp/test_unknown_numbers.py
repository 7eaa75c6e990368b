"""A number WhatsApp reached but the phone library does not know still brings its request in."""

import time

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.whatsapp.helpers import Watcher, post, rows, settled, value_of, variant

UNKNOWN = "99912345678"  # no country has the code 999 (yet)


def _from_unknown(wamid: str, at: float) -> dict[str, object]:
    payload = variant("text", wamid, at, **{"from": UNKNOWN})
    value_of(payload)["contacts"][0]["wa_id"] = UNKNOWN
    return payload


async def test_a_message_from_a_number_no_phone_library_knows_lands_and_its_follow_up_joins(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher,
) -> None:
    now = time.time()
    for wamid, at in [("wamid.U1", now), ("wamid.U2", now + 60)]:
        assert (await post(http, _from_unknown(wamid, at))).status_code == 200
        await settled(engine, processor)
    [ticket] = await rows(engine, "SELECT id, reply_channel, contact_id FROM tickets")
    assert ticket["reply_channel"] == "NONE"  # nothing to answer on until staff reach the citizen
    [contact] = await rows(engine, "SELECT name, phone FROM contacts WHERE id = :id", id=ticket["contact_id"])
    assert contact == {"name": "Ayşe Yılmaz", "phone": None}
    messages = await rows(engine, "SELECT wamid, ticket_id, wa_id FROM whatsapp_messages ORDER BY sent_at")
    assert [(m["wamid"], m["ticket_id"], m["wa_id"]) for m in messages] == [
        ("wamid.U1", ticket["id"], UNKNOWN), ("wamid.U2", ticket["id"], UNKNOWN),
    ]
    assert await rows(engine, "SELECT id FROM inbound_events WHERE status <> 'PROCESSED'") == []
