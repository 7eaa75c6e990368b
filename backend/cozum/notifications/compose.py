"""From an outbox row to the message that goes out: recipient, wording, link, in the
citizen's language. Resolved at send time, so a corrected address or a new template applies
to every message not yet sent."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cozum.config import Settings
from cozum.contacts.models import Contact
from cozum.departments.models import Department
from cozum.kit.language import Language, pick
from cozum.notifications.links import tracking_link, tracking_page
from cozum.notifications.models import NotificationKind
from cozum.notifications.privacy import privacy_notice
from cozum.notifications.senders.base import Outgoing
from cozum.notifications.templates import Stored, render, wording_for
from cozum.tickets.enums import STATUS_LABELS, IntakeChannel, ReplyChannel, TicketStatus
from cozum.tickets.models import Ticket
from cozum.tickets.references import tracking_secret

WHATSAPP_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Row:
    """The claimed outbox row, as the claim read it."""

    id: int
    ticket_id: int
    kind: NotificationKind
    channel: ReplyChannel
    language: Language
    data: dict[str, Any]
    idempotency_key: str
    attempts: int
    created_at: datetime


class Undeliverable(Exception):
    """No address to send to: waiting cannot bring one back, so the outbox gives up at once."""


def recipient(channel: ReplyChannel, contact: Contact | None) -> str:
    if contact is None:
        raise Undeliverable("the ticket has no contact")
    if contact.anonymised_at is not None:
        raise Undeliverable("the contact was anonymised")
    address = contact.email if channel is ReplyChannel.EMAIL else contact.phone
    if not address:
        what = "an e-mail address" if channel is ReplyChannel.EMAIL else "a phone number"
        raise Undeliverable(f"the contact has no {what} for {channel.value}")
    return address


def link_of(settings: Settings, ticket: Ticket) -> str:
    if ticket.tracking_seed is None:
        return tracking_page(settings.public_base_url)
    secret = tracking_secret(settings.secret_key, ticket.tracking_seed)
    return tracking_link(settings.public_base_url, ticket.reference, secret)


def _status(row: Row, ticket: Ticket) -> TicketStatus:
    # The status the change brought (written with the row), not whatever the ticket has come
    # to since: a "sent to the department" message must not say "resolved".
    try:
        return TicketStatus(row.data["status"])
    except (KeyError, ValueError):
        return ticket.status


def _department(language: Language, department: Department | None) -> str:
    if department is None:
        return pick(language, "Belediyemizin ilgili birimi", "the municipality's department in charge")
    return pick(language, department.name_tr, department.name_en)


def values_of(row: Row, ticket: Ticket, department: Department | None, link: str) -> dict[str, str]:
    return {
        "reference": ticket.reference,
        "link": link,
        "status": pick(row.language, *STATUS_LABELS[_status(row, ticket)]),
        "department": _department(row.language, department),
        "message": str(row.data.get("message") or ""),
        "institution": str(row.data.get("institution") or ""),
        "mergedInto": str(row.data.get("mergedInto") or ""),
    }


def compose(
    settings: Settings, stored: Stored, row: Row, ticket: Ticket,
    contact: Contact | None, department: Department | None, now: datetime,
) -> Outgoing:
    """Raises Undeliverable when there is nobody to send to."""
    to = recipient(row.channel, contact)
    values = values_of(row, ticket, department, link_of(settings, ticket))
    wording = render(wording_for(stored, row.kind, row.language), values)
    body = wording.body
    if row.kind is NotificationKind.RECEIVED and ticket.channel is IntakeChannel.WHATSAPP:
        # A WhatsApp citizen saw no information notice before writing (the portal shows one):
        # the first answer carries it, whatever wording an administrator chose.
        body = f"{body}\n\n{privacy_notice(row.language)}"
    seen = contact.last_whatsapp_message_at if contact is not None else None
    return Outgoing(
        channel=row.channel, to=to, subject=wording.subject, body=body, language=row.language,
        reference=ticket.reference, status=values["status"], link=values["link"],
        idempotency_key=row.idempotency_key,
        whatsapp_window_open=seen is not None and now - seen < WHATSAPP_WINDOW,
    )
