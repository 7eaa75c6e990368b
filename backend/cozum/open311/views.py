"""A ticket as a GeoReport v2 service request, with our extensions when asked for."""

from datetime import datetime
from typing import Any

from cozum.attachments.storage import storage_for
from cozum.attachments.types import URL_SECONDS
from cozum.config import Settings
from cozum.kit.time import ISTANBUL
from cozum.open311.privacy import redacted
from cozum.open311.queries import PublicNote, PublicRequest
from cozum.tickets.enums import STATUS_LABELS, TicketStatus


def w3c(value: datetime | None) -> str | None:
    """Istanbul's wall time with its offset, to the second: 2026-12-03T08:15:00+03:00."""
    return value.astimezone(ISTANBUL).isoformat(timespec="seconds") if value else None


def status_notes(status: TicketStatus, last_words: str | None) -> str:
    label = STATUS_LABELS[status][0]
    # Staff write to the citizen, and may repeat the number or address they reached them at.
    return f"{label}: {redacted(last_words)}" if last_words else label


def _media_urls(settings: Settings, keys: list[str]) -> list[str]:
    storage = storage_for(settings)
    base = settings.public_base_url.rstrip("/")
    # Signed, as on the tracking page: each opens its file for about an hour.
    urls = (storage.url(key, URL_SECONDS) for key in keys)
    return [f"{base}{url}" if url.startswith("/") else url for url in urls]


def _note(note: PublicNote) -> dict[str, Any]:
    return {
        "datetime": w3c(note.at),
        "type": note.type.value,
        "status": note.status.value if note.status else None,
        "status_label": STATUS_LABELS[note.status][0] if note.status else None,
        "message": redacted(note.message),
    }


def _extended(request: PublicRequest, media: list[str], citizen_words: bool) -> dict[str, Any]:
    label_tr, label_en = STATUS_LABELS[request.status]
    title = {"title": redacted(request.title)} if citizen_words else {}  # the description's first line
    return {
        "channel": request.channel.value,
        "detailed_status": request.status.value,
        "detailed_status_label": label_tr,
        "detailed_status_label_en": label_en,
        **title,
        "neighbourhood": request.neighbourhood,
        "closed_datetime": w3c(request.closed_at),
        "duplicate_of": request.duplicate_of,
        "media_urls": media,
        "notes": [_note(note) for note in request.notes],
    }


def service_request(request: PublicRequest, settings: Settings, extensions: bool) -> dict[str, Any]:
    # What citizens wrote may name people and homes, their pictures show faces, and a GET is
    # open to anyone (KVKK): published only where the municipality chose to. The description
    # stays, empty, because clients expect the field.
    citizen_words = settings.open311_public_content
    media = _media_urls(settings, request.media_keys) if citizen_words else []
    view: dict[str, Any] = {
        "service_request_id": request.reference,
        "status": "closed" if request.status.is_closed else "open",
        "status_notes": status_notes(request.status, request.last_words),
        "service_name": request.service_name,
        "service_code": request.service_code,
        "description": redacted(request.description) if citizen_words else "",
        # A request outside the municipality's remit is in the hands of the body it went to.
        "agency_responsible": (
            request.forwarded_to if request.status is TicketStatus.FORWARDED else request.department
        ),
        "service_notice": None,
        "requested_datetime": w3c(request.created_at),
        "updated_datetime": w3c(request.updated_at),
        "expected_datetime": w3c(request.due_at),
        "address": request.address or request.neighbourhood,
        "address_id": None,
        "zipcode": None,
        "lat": request.latitude,
        "long": request.longitude,
        "media_url": media[0] if media else None,
    }
    if extensions:
        view["extended_attributes"] = _extended(request, media, citizen_words)
    return view
