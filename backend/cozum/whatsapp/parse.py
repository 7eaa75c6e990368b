"""Meta's webhook JSON → plain dataclasses: what the rest of the line works with.

Tolerant by design: a change of another field, a message type we do not handle, a status we do
not know or a value of the wrong type is left out, never an error. What is left may be nothing
at all; the processor then marks the call IGNORED with `Parsed.ignored` as the reason.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cozum.whatsapp.values import as_dict, as_list, coordinate_of, id_of, text_of, timestamp_of

HANDLED_TYPES = frozenset({"text", "image", "video", "document", "audio", "location"})
MEDIA_TYPES = frozenset({"image", "video", "document", "audio"})
RECEIPT_STATUSES = frozenset({"sent", "delivered", "read", "failed"})
TEXT_MAX = 5000  # a WhatsApp text is at most 4096 characters; more is not Meta's
PLACE_MAX = 500
_WA_ID = re.compile(r"^[0-9]{6,15}$")  # E.164 digits without the +
_MEDIA_ID = re.compile(r"^[0-9A-Za-z_-]{1,200}$")  # goes into a Graph API path: nothing that can steer it
@dataclass(frozen=True)
class Media:
    id: str
    mime_type: str | None
    sha256: str | None
    filename: str | None


@dataclass(frozen=True)
class Message:
    wamid: str
    wa_id: str
    profile_name: str | None
    type: str
    sent_at: datetime
    text: str | None = None  # a text's body, or a media's caption
    media: Media | None = None
    latitude: float | None = None
    longitude: float | None = None
    place: str | None = None


@dataclass(frozen=True)
class Receipt:
    provider_message_id: str
    status: str
    occurred_at: datetime
    error: str | None


@dataclass
class Parsed:
    messages: list[Message] = field(default_factory=list)
    receipts: list[Receipt] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # what was left out, and why


def _media(body: dict[str, Any]) -> Media | None:
    media_id = body.get("id")
    if not isinstance(media_id, str) or not _MEDIA_ID.match(media_id):
        return None
    return Media(media_id, text_of(body.get("mime_type"), 100, one_line=True),
                 text_of(body.get("sha256"), 100, one_line=True), text_of(body.get("filename"), 200, one_line=True))


def _content(kind: str, body: dict[str, Any]) -> dict[str, Any] | None:
    """The type-specific part of a message, or None when it lacks what the type needs."""
    if kind == "text":
        text = text_of(body.get("body"), TEXT_MAX)
        return {"text": text} if text else None
    if kind == "location":
        latitude, longitude = coordinate_of(body.get("latitude"), 90), coordinate_of(body.get("longitude"), 180)
        if latitude is None or longitude is None:
            return None
        parts = [text_of(body.get(key), PLACE_MAX, one_line=True) for key in ("name", "address")]
        place = ", ".join(part for part in parts if part)[:PLACE_MAX] or None
        return {"latitude": latitude, "longitude": longitude, "place": place}
    media = _media(body)
    return {"media": media, "text": text_of(body.get("caption"), TEXT_MAX)} if media else None


def _message(raw: dict[str, Any], names: dict[str, str], parsed: Parsed, arrived: datetime) -> None:
    kind, wamid, wa_id = raw.get("type"), id_of(raw.get("id")), raw.get("from")
    # Never later than the call came: a clock ahead, or a lie, must not make one message the
    # sender's latest for years, and every later one join its ticket or miss the open one.
    sent_at = timestamp_of(raw.get("timestamp"), arrived)
    if wamid is None or not isinstance(wa_id, str) or not _WA_ID.match(wa_id) or sent_at is None:
        parsed.ignored.append("a message without a usable id, sender or timestamp")
        return
    if not isinstance(kind, str) or kind not in HANDLED_TYPES:
        parsed.ignored.append(f"a message of type {str(kind)[:40]!r}")
        return
    if any(message.wamid == wamid for message in parsed.messages):
        return  # the same message twice in one call: once is enough
    content = _content(kind, as_dict(raw.get(kind)))
    if content is None:
        parsed.ignored.append(f"a {kind} message without its content")
        return
    parsed.messages.append(Message(wamid, wa_id, names.get(wa_id), kind, sent_at, **content))


def _error(raw: dict[str, Any]) -> str | None:
    """Meta's error as staff need it: the code (what its documentation is searched by), the title
    and the details, which say what to do (e.g. "more than 24 hours have passed")."""
    code = raw.get("code")
    title = text_of(raw.get("title"), 200, one_line=True) or text_of(raw.get("message"), 200, one_line=True)
    details = text_of(as_dict(raw.get("error_data")).get("details"), 300, one_line=True)
    parts = [f"({code})" if isinstance(code, int) and not isinstance(code, bool) else None, title,
             f"– {details}" if details and details != title else None]
    return " ".join(part for part in parts if part)[:500] or None


def _receipt(raw: dict[str, Any], parsed: Parsed) -> None:
    message_id, status, occurred_at = id_of(raw.get("id")), raw.get("status"), timestamp_of(raw.get("timestamp"))
    if message_id is None or status not in RECEIPT_STATUSES or occurred_at is None:
        parsed.ignored.append(f"a status {str(status)[:40]!r} without a usable id or timestamp")
        return
    errors = "; ".join(e for e in (_error(as_dict(raw_error)) for raw_error in as_list(raw.get("errors"))) if e)
    parsed.receipts.append(Receipt(message_id, str(status), occurred_at, errors[:500] or None))


def _names(value: dict[str, Any]) -> dict[str, str]:
    names = {}
    for contact in map(as_dict, as_list(value.get("contacts"))):
        name = text_of(as_dict(contact.get("profile")).get("name"), 200, one_line=True)
        if isinstance(contact.get("wa_id"), str) and name:
            names[contact["wa_id"]] = name
    return names


def parse(document: Any, arrived: datetime | None = None) -> Parsed:
    """`arrived`: when the call came (now by default); no message is taken as sent later."""
    parsed, arrived = Parsed(), arrived or datetime.now(UTC)
    if as_dict(document).get("object") != "whatsapp_business_account":
        parsed.ignored.append("not a WhatsApp Business Account notification")
        return parsed
    for entry in map(as_dict, as_list(document.get("entry"))):
        for change in map(as_dict, as_list(entry.get("changes"))):
            if change.get("field") != "messages":
                parsed.ignored.append(f"a change of field {str(change.get('field'))[:40]!r}")
                continue
            value = as_dict(change.get("value"))
            names = _names(value)
            for raw in map(as_dict, as_list(value.get("messages"))):
                _message(raw, names, parsed, arrived)
            for raw in map(as_dict, as_list(value.get("statuses"))):
                _receipt(raw, parsed)
    return parsed
