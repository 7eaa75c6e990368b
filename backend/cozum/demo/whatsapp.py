"""WhatsApp tickets as the line would have left them: the citizen's messages, each stored with
the webhook call that brought it, as whatsapp/store.py writes them."""

import json
from datetime import datetime, timedelta
from random import Random
from typing import Any

from cozum.demo.content import wamid
from cozum.demo.draft import Draft, Who, World
from cozum.tickets.enums import IntakeChannel, TicketEventType
from cozum.whatsapp.models import InboundStatus

E = TicketEventType
# The timeline's actor for a WhatsApp citizen, as in whatsapp/store.py.
WHATSAPP = Who("whatsapp")
# The municipality's line, as Meta names it in every call.
_ACCOUNT, _LINE_ID, _LINE_NUMBER = "102290129340398", "106540352242922", "903444130000"
_FOLLOW_UP_SHARE = 0.45
_FOLLOW_UP_COUNTS = ([1, 2, 3], [60, 30, 10])
# Each follow-up comes well inside the conversation window (72 hours), or it would open a ticket.
_GAP_HOURS = (0.2, 30.0)
_FOLLOW_UPS = [
    "Merhaba, talebimle ilgili bir gelişme var mı?",
    "Ekip ne zaman gelecek acaba?",
    "Sorun hâlâ devam ediyor, bugün de aynı durumdaydı.",
    "Yerini tekrar yazayım: {street}, {mahalle} Mahallesi.",
    "Bugün sabah yine aynı sorunu yaşadık, lütfen ilgilenin.",
    "Komşular da şikâyetçi, sadece ben değilim.",
    "Akşam saatlerinde daha da kötüleşiyor.",
    "Tekrar yazıyorum, henüz kimse gelmedi.",
    "Teşekkür ederim, haber bekliyorum.",
    "Çocuklar okula bu yoldan gidiyor, acil bakılırsa sevinirim.",
]


def follow_ups(d: Draft, w: World) -> None:
    """Now and then the citizen writes again while the ticket is open: CITIZEN_MESSAGE events."""
    if d.row["channel"] is not IntakeChannel.WHATSAPP:
        return
    at = _write_again(d, w) if w.rng.random() < _FOLLOW_UP_SHARE else d.created_at
    if d.person is not None:
        # The 24-hour window for free-text replies runs from the citizen's last message.
        seen = d.person.last_whatsapp_message_at
        d.person.last_whatsapp_message_at = at if seen is None else max(seen, at)


def _write_again(d: Draft, w: World) -> datetime:
    """The follow-ups, each within the window of the one before; returns the last message's time."""
    until = min(d.row["closed_at"] or w.now, w.now)
    last = d.created_at
    for _ in range(w.rng.choices(*_FOLLOW_UP_COUNTS)[0]):
        at = last + timedelta(hours=w.rng.uniform(*_GAP_HOURS))
        if at >= until:
            break
        message = d.place.fill(w.rng.choice(_FOLLOW_UPS))
        d.record(at, E.CITIZEN_MESSAGE, WHATSAPP, to_status=d.status_at(at), message=message)
        last = at
    return last


def conversations(drafts: list[Draft]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Inbound-event rows (ids to be set) and message rows pointing at them by list position.

    The ticket events must have their ids. The first message is the ticket's channel reference
    and description; follow-ups take ids from a generator seeded by it, so the seed decides all.
    """
    events: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    for d in drafts:
        if d.row["channel"] is not IntakeChannel.WHATSAPP or d.person is None or d.person.phone is None:
            continue
        first: str = d.row["channel_reference"]
        rng, wa_id = Random(first), d.person.phone.lstrip("+")
        for e in d.events:
            if e["type"] is E.CREATED:
                text, message_id = d.row["description"], first
            elif e["type"] is E.CITIZEN_MESSAGE:
                text, message_id = e["message"], wamid(rng)
            else:
                continue
            at: datetime = e["created_at"]
            received = at + timedelta(seconds=rng.uniform(0.5, 3))
            events.append({
                "source": "whatsapp", "body": _body(wa_id, d.person.name, message_id, at, text),
                "status": InboundStatus.PROCESSED, "attempts": 1, "next_attempt_at": received,
                "locked_until": None, "last_error": None, "received_at": received,
                "processed_at": received + timedelta(milliseconds=rng.uniform(20, 400)),
            })
            messages.append({
                "wamid": message_id, "inbound_event_id": len(events) - 1, "wa_id": wa_id,
                "contact_id": d.person.id, "ticket_id": d.id, "ticket_event_id": e["id"], "type": "text",
                "text": text, "sent_at": at, "received_at": received,
            })
    return events, messages


def _body(wa_id: str, name: str, message_id: str, at: datetime, text: str) -> bytes:
    """The call as Meta makes it for one text message (tests/whatsapp/fixtures/text.json)."""
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": _LINE_NUMBER, "phone_number_id": _LINE_ID},
        "contacts": [{"profile": {"name": name}, "wa_id": wa_id}],
        "messages": [{"from": wa_id, "id": message_id, "timestamp": str(int(at.timestamp())), "type": "text",
                      "text": {"body": text}}],
    }
    call = {"object": "whatsapp_business_account",
            "entry": [{"id": _ACCOUNT, "changes": [{"value": value, "field": "messages"}]}]}
    return json.dumps(call, ensure_ascii=False, separators=(",", ":")).encode()
