"""Which ticket a citizen's message belongs to: the conversation model.

A message joins the ticket of the sender's latest message when that ticket came by WhatsApp, is
not closed (a ticket merged into another is closed: the survivor may be another citizen's, whose
replies are theirs), its contact is not anonymised, and the latest message is less than
`whatsapp_conversation_hours` older than this one; otherwise it opens a ticket of its own.
Times are Meta's (when the citizen sent them, never later than the call arrived), so a call
Meta delivers late still lands where the citizen meant it.
"""

from datetime import timedelta

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.departments.models import Category
from cozum.tickets.enums import IntakeChannel
from cozum.tickets.models import Ticket
from cozum.whatsapp.errors import NotConfigured
from cozum.whatsapp.models import WhatsAppMessage
from cozum.whatsapp.parse import Message

# What a ticket or a timeline entry says for a message without words of its own.
_WITHOUT_TEXT = {
    "image": "[WhatsApp: fotoğraf]",
    "video": "[WhatsApp: video]",
    "document": "[WhatsApp: belge]",
    "audio": "[WhatsApp: ses kaydı]",
    "location": "[WhatsApp: konum]",
}


async def lock_sender(session: AsyncSession, wa_id: str) -> None:
    # One sender's messages are placed one at a time, also across processes: two arriving at
    # once must not both open a ticket, and a wamid Meta delivers twice at once lands once.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"whatsapp:{wa_id}"})


async def open_ticket(session: AsyncSession, message: Message, window_hours: float) -> Ticket | None:
    """The ticket `message` joins, locked for this transaction; None: it opens a new one."""
    stmt = (
        select(col(WhatsAppMessage.ticket_id), col(WhatsAppMessage.sent_at))
        .where(col(WhatsAppMessage.wa_id) == message.wa_id, col(WhatsAppMessage.ticket_id).is_not(None))
        .order_by(col(WhatsAppMessage.sent_at).desc(), col(WhatsAppMessage.id).desc())
        .limit(1)
    )
    latest = (await session.execute(stmt)).first()
    if latest is None or message.sent_at - latest.sent_at >= timedelta(hours=window_hours):
        return None
    ticket = await session.get(Ticket, latest.ticket_id, with_for_update=True)
    if ticket is None or ticket.channel is not IntakeChannel.WHATSAPP or ticket.status.is_closed:
        return None
    # A contact anonymised under KVKK is nobody's any more: what the number sends now is not
    # put back on that person's ticket (nor their row), it starts afresh.
    anonymised = select(col(Contact.anonymised_at)).where(col(Contact.id) == ticket.contact_id)
    if ticket.contact_id is None or (await session.execute(anonymised)).scalar_one_or_none() is not None:
        return None
    return ticket


async def whatsapp_category(session: AsyncSession, code: str) -> int:
    stmt = select(col(Category.id)).where(col(Category.code) == code, col(Category.active).is_(True))
    found = (await session.execute(stmt)).scalar_one_or_none()
    if found is None:
        raise NotConfigured(f"COZUM_WHATSAPP_CATEGORY names no active category ({code!r})")
    return found


def said(message: Message) -> str:
    """The message in words, for a ticket's description or a timeline entry."""
    return in_words(message.type, message.text, message.latitude, message.longitude, message.place)


def in_words(kind: str, text: str | None, latitude: float | None, longitude: float | None, place: str | None) -> str:
    if kind == "location" and latitude is not None and longitude is not None:
        point = f"{latitude:.6f}, {longitude:.6f}"
        return f"Konum: {place} ({point})" if place else f"Konum: {point}"
    return text or _WITHOUT_TEXT.get(kind, "[WhatsApp]")
