"""Signed notifications with values no client should send but Meta passes on: a bad message in a
batch costs only itself, text that PostgreSQL cannot hold is cleaned, times are not trusted
past the moment the call arrived, error details of a failed send are kept."""

import copy
import json
import time
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.whatsapp.helpers import Watcher, fixture, message_of, post, rows, settled, value_of, variant

OTHER = "905329998877"


def _batch(*messages: dict[str, Any], names: dict[str, str] | None = None) -> dict[str, Any]:
    payload = copy.deepcopy(fixture("text"))
    value = value_of(payload)
    value["messages"] = list(messages)
    value["contacts"] = [{"profile": {"name": n}, "wa_id": w} for w, n in (names or {}).items()]
    return payload


def _text(wamid: str, sender: str, body: str, at: float) -> dict[str, Any]:
    return {"from": sender, "id": wamid, "timestamp": str(int(at)), "type": "text", "text": {"body": body}}


async def test_a_lone_surrogate_in_one_message_does_not_hold_back_the_batch(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    now = time.time()
    payload = _batch(_text("wamid.U1", OTHER, "Çukur \ud83d burada", now), _text("wamid.U2", "905321112233", "Işık yok", now),
                     names={OTHER: "Ali \udcff Veli", "905321112233": "Ayşe"})
    # json.dumps writes the lone surrogates as \\ud83d escapes, as a sender's JSON may.
    assert (await post(http, json.dumps(payload).encode())).status_code == 200
    await settled(engine, processor)
    [event] = await rows(engine, "SELECT status, attempts FROM inbound_events")
    assert (event["status"], event["attempts"]) == ("PROCESSED", 1), event
    messages = {m["wamid"]: m for m in await rows(engine, "SELECT wamid, text FROM whatsapp_messages")}
    assert set(messages) == {"wamid.U1", "wamid.U2"}
    assert "\ud83d" not in messages["wamid.U1"]["text"] and messages["wamid.U1"]["text"].startswith("Çukur")
    names = {r["name"] for r in await rows(engine, "SELECT name FROM contacts")}
    assert names == {"Ali  Veli", "Ayşe"}


async def test_control_characters_are_not_kept_in_a_profile_name_but_markup_stays_text(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    payload = variant("text", "wamid.N1")
    value_of(payload)["contacts"][0]["profile"]["name"] = "\x1b[31mAyşe\u202e\x07 <b>Yılmaz</b>\r\n" + "x" * 500
    assert (await post(http, payload)).status_code == 200
    await settled(engine, processor)
    [contact] = await rows(engine, "SELECT name FROM contacts")
    assert contact["name"].startswith("[31mAyşe <b>Yılmaz</b>")
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in contact["name"])
    assert len(contact["name"]) <= 200


async def test_a_time_in_the_future_is_taken_as_the_time_the_call_came(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    now = time.time()
    assert (await post(http, variant("text", "wamid.F1", now + 10 * 365 * 86400))).status_code == 200
    await settled(engine, processor)
    [message] = await rows(engine, "SELECT ticket_id, sent_at, received_at FROM whatsapp_messages")
    assert message["sent_at"] <= message["received_at"]
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE tickets SET status = 'RESOLVED', closed_at = now()"))
    # Closed: the next message opens a ticket, and the one after that joins it (the message "from
    # the future" is no longer the sender's latest for ever).
    tickets = []
    for wamid, at in (("wamid.F2", now + 60), ("wamid.F3", now + 120)):
        assert (await post(http, variant("text", wamid, at))).status_code == 200
        await settled(engine, processor)
        [row] = await rows(engine, "SELECT ticket_id FROM whatsapp_messages WHERE wamid = :w", w=wamid)
        tickets.append(row["ticket_id"])
    assert tickets[0] != message["ticket_id"] and tickets[1] == tickets[0]


async def test_a_failed_status_keeps_metas_code_and_details(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    payload = fixture("status-delivered")
    value_of(payload)["statuses"][0].update(status="failed", errors=[{
        "code": 131047, "title": "Re-engagement message", "message": "Re-engagement message",
        "error_data": {"details": "More than 24 hours have passed since the customer last replied."},
    }])
    value_of(payload)["statuses"].append(copy.deepcopy(value_of(payload)["statuses"][0]))  # twice in one call
    assert (await post(http, payload)).status_code == 200
    await settled(engine, processor)
    [receipt] = await rows(engine, "SELECT status, error FROM delivery_receipts")
    assert receipt["status"] == "failed"
    assert "131047" in receipt["error"] and "24 hours" in receipt["error"]


async def test_a_media_id_that_is_not_an_id_is_not_put_into_a_graph_url(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    payload = variant("image", "wamid.I1")
    message_of(payload)["image"]["id"] = "../../v21.0/me?fields=access_token#"
    assert (await post(http, payload)).status_code == 200
    await settled(engine, processor)
    [event] = await rows(engine, "SELECT status, last_error FROM inbound_events")
    assert event["status"] == "IGNORED" and "image" in event["last_error"]
