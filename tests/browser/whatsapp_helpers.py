"""A WhatsApp conversation as the intake and the outbox leave it in the database, for the
console's thread view: the session's server has neither Meta's app secret nor a worker, so the
rows the WhatsApp processor and the sender write are written here, beside a ticket, a photo and
messages to the citizen made through the API as staff would."""

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import text

from cozum.db import create_engine
from cozum.kit.relay import from_global_id
from cozum.kit.time import utcnow
from tests.attachments.media import jpeg
from tests.browser.conftest import Api, Console

CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
CREATE = """mutation($i: CreateTicketInput!) { createTicket(input: $i) {
  ticket { id reference version } userErrors { field code message } } }"""
REPLY = "mutation($i: ReplyToCitizenInput!) { replyToCitizen(input: $i) { userErrors { code } } }"
ADD = """mutation($i: AddAttachmentInput!) { addAttachment(input: $i) { userErrors { code message } } }"""
WA_ID = "905321112233"


@dataclass
class Said:
    """One citizen message: minutes before now, and what the processor would have stored."""

    minutes_ago: int
    type: str
    text: str | None = None
    photo: bool = False
    latitude: float | None = None
    longitude: float | None = None
    place: str | None = None
    media_problem: str | None = None


async def upload_photo(console: Console, who: str, ticket_id: str) -> None:
    """A photo through the GraphQL multipart request, as the console's attachment form sends it."""
    state = await console.state_of(who)
    cookies = {c["name"]: c["value"] for c in state["cookies"]}
    operations = {"query": ADD, "variables": {"i": {"ticketId": ticket_id, "file": None, "public": True}}}
    async with httpx.AsyncClient(base_url=console.base, cookies=cookies) as http:
        response = await http.post("/graphql", headers={"x-csrf-token": cookies.get("cozum_csrf", "")}, data={
            "operations": json.dumps(operations), "map": json.dumps({"0": ["variables.i.file"]}),
        }, files={"0": ("cukur.jpg", jpeg((640, 480)), "image/jpeg")})
    body = response.json()
    assert not body.get("errors") and body["data"]["addAttachment"]["userErrors"] == [], body


async def whatsapp_ticket(console: Console, api: Any, database_url: str, title: str, said: list[Said]) -> dict[str, Any]:
    """A ticket that came by WhatsApp, with `said` as its messages (the first is the ticket's
    description) and the first reply sent and read; the ticket's id, reference and pk."""
    operator: Api = api("operator")
    codes = {e["node"]["code"]: e["node"]["id"] for e in (await operator(CATEGORIES, None))["categories"]["edges"]}
    payload = (await operator(CREATE, {"i": {
        "channel": "WHATSAPP", "categoryId": codes["ROAD_POTHOLE"], "title": title,
        "description": said[0].text or title, "replyChannel": "WHATSAPP",
        "contact": {"name": "Hasan Çelik", "phone": f"+{WA_ID}"},
    }}))["createTicket"]
    assert payload["userErrors"] == [], payload
    ticket: dict[str, Any] = payload["ticket"]
    ticket["pk"] = from_global_id(ticket["id"])[1]
    if any(s.photo for s in said):
        await upload_photo(console, "operator", ticket["id"])
    now = utcnow()
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as db:
            await _messages(db, ticket["pk"], said, now)
            await _sent(db, ticket["pk"], "RECEIVED", now - timedelta(minutes=said[0].minutes_ago - 1),
                        f"Talebiniz alındı: {ticket['reference']}.", ["sent", "delivered", "read"])
    finally:
        await engine.dispose()
    return ticket


async def reply_delivered(api: Any, database_url: str, ticket: dict[str, Any], words: str, minutes_ago: int) -> None:
    """Staff's public reply through the API, then sent and delivered (not read yet)."""
    result = await api("operator")(REPLY, {"i": {"ticketId": ticket["id"], "body": words}})
    assert result["replyToCitizen"]["userErrors"] == []
    engine = create_engine(database_url, pool_size=1)
    try:
        async with engine.begin() as db:
            await _sent(db, ticket["pk"], "REPLY", utcnow() - timedelta(minutes=minutes_ago), words, ["sent", "delivered"])
    finally:
        await engine.dispose()


async def _messages(db: Any, ticket_pk: int, said: list[Said], now: datetime) -> None:
    row = (await db.execute(text("SELECT contact_id FROM tickets WHERE id = :t"), {"t": ticket_pk})).one()
    photo = (await db.execute(text("SELECT max(id) FROM attachments WHERE ticket_id = :t"), {"t": ticket_pk})).scalar()
    event = (await db.execute(text(
        "INSERT INTO inbound_events (source, body, status, attempts, next_attempt_at, received_at, processed_at)"
        " VALUES ('whatsapp', :body, 'PROCESSED', 1, :now, :now, :now) RETURNING id"
    ), {"body": b'{"object": "whatsapp_business_account", "entry": []}', "now": now})).scalar_one()
    for number, s in enumerate(said):
        await db.execute(text(
            "INSERT INTO whatsapp_messages (wamid, inbound_event_id, wa_id, contact_id, ticket_id, type, text, latitude,"
            " longitude, place, media_id, media_mime_type, attachment_id, media_problem, sent_at, received_at)"
            " VALUES (:wamid, :event, :wa_id, :contact, :ticket, :type, :text, :lat, :lon, :place, :media, :mime,"
            " :attachment, :problem, :at, :at)"
        ), {
            "wamid": f"wamid.CONSOLE{ticket_pk}x{number}", "event": event, "wa_id": WA_ID, "contact": row.contact_id,
            "ticket": ticket_pk, "type": s.type, "text": s.text, "lat": s.latitude, "lon": s.longitude, "place": s.place,
            "media": f"media-{ticket_pk}-{number}" if s.photo or s.media_problem else None,
            "mime": "image/jpeg" if s.photo else ("application/pdf" if s.media_problem else None),
            "attachment": photo if s.photo else None, "problem": s.media_problem,
            "at": now - timedelta(minutes=s.minutes_ago),
        })


async def _sent(db: Any, ticket_pk: int, kind: str, at: datetime, words: str, statuses: list[str]) -> None:
    """The outbox row of `kind` as the WhatsApp sender leaves it, and what Meta said of it since."""
    outbox = (await db.execute(text(
        "SELECT id FROM outbox WHERE ticket_id = :t AND kind = :k ORDER BY id DESC LIMIT 1"
    ), {"t": ticket_pk, "k": kind})).scalar_one()
    provider_id = f"wamid.OUT{outbox}"
    await db.execute(text(
        "UPDATE outbox SET status = 'SENT', attempts = 1, sent_at = :at, provider_message_id = :p, sent_body = :body,"
        " locked_until = NULL WHERE id = :id"
    ), {"at": at, "p": provider_id, "body": words, "id": outbox})
    attempt = (await db.execute(text(
        "INSERT INTO delivery_attempts (outbox_id, number, outcome, provider_message_id, started_at, finished_at)"
        " VALUES (:o, 1, 'SENT', :p, :at, :at) RETURNING id"
    ), {"o": outbox, "p": provider_id, "at": at})).scalar_one()
    for step, status in enumerate(statuses):
        await db.execute(text(
            "INSERT INTO delivery_receipts (provider_message_id, outbox_id, attempt_id, status, occurred_at, received_at)"
            " VALUES (:p, :o, :a, :s, :at, :at)"
        ), {"p": provider_id, "o": outbox, "a": attempt, "s": status, "at": at + timedelta(seconds=20 * (step + 1))})
