"""One citizen message into the database, inside the processor's transaction: the contact, the
ticket (new, or the open one it joins), its timeline entry, its attachment, its place, and the
WhatsAppMessage row that makes it happen once per wamid.

The media was fetched and checked before the transaction began (no connection waits on Meta or
on Pillow); here it is only written.
"""

import dataclasses
import hashlib
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.attachments.checks import CheckedFile
from cozum.attachments.service import attach, check_citizen_budget
from cozum.attachments.storage import storage_for
from cozum.auth.actor import Actor
from cozum.config import Settings
from cozum.contacts.service import ContactDetails
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.notifications.privacy import PRIVACY_NOTICE_VERSION
from cozum.tickets import events
from cozum.tickets.enums import IntakeChannel, ReplyChannel, TicketEventType
from cozum.tickets.intake import Created, Location, NewTicket, create_ticket
from cozum.tickets.models import Ticket, TicketEvent
from cozum.whatsapp.conversation import open_ticket, said, whatsapp_category
from cozum.whatsapp.models import WhatsAppMessage
from cozum.whatsapp.parse import Message

# Who acted on the timeline for a WhatsApp citizen; like the web's citizen, no user behind it.
WHATSAPP = Actor(label="whatsapp")


@dataclass(frozen=True)
class Prepared:
    """A message's media as fetched and checked: a file to store, or why there is none."""

    file: CheckedFile | None = None
    sha256: str | None = None  # hex, of the bytes the Graph API served
    problem: str | None = None


async def known_wamids(session: AsyncSession, wamids: list[str]) -> set[str]:
    if not wamids:
        return set()
    stmt = select(col(WhatsAppMessage.wamid)).where(col(WhatsAppMessage.wamid).in_(wamids))
    return set((await session.execute(stmt)).scalars())


def _placed(settings: Settings, message: Message) -> bool:
    if message.latitude is None or message.longitude is None:
        return False
    area = settings.area
    return area is None or area.contains(message.latitude, message.longitude)


async def _new_ticket(session: AsyncSession, settings: Settings, message: Message) -> tuple[Ticket, int | None]:
    located = message.type == "location" and _placed(settings, message)
    data = NewTicket(
        description=said(message), category_id=await whatsapp_category(session, settings.whatsapp_category),
        channel=IntakeChannel.WHATSAPP, reply_channel=ReplyChannel.WHATSAPP,
        contact=ContactDetails(name=message.profile_name, phone=f"+{message.wa_id}"),
        location=Location(message.latitude, message.longitude, message.place) if located else Location(),
        channel_reference=message.wamid[:100],
        # From the wamid: should the message ever be placed twice, the ticket is still one.
        idempotency_key=hashlib.sha256(message.wamid.encode()).hexdigest(),
        # The first reply carries the notice (notifications/compose.py).
        privacy_notice_version=PRIVACY_NOTICE_VERSION,
    )
    try:
        async with session.begin_nested():
            created = await _create(session, settings, data)
    except DomainError as refused:
        if refused.code is not UserErrorCode.INVALID_PHONE:
            raise
        # Meta reached this number, yet the phone library does not know its range (a new one,
        # say): the request still lands, with no way to answer it on WhatsApp until staff call.
        unreachable = dataclasses.replace(
            data, contact=ContactDetails(name=message.profile_name), reply_channel=ReplyChannel.NONE
        )
        created = await _create(session, settings, unreachable)
    ticket = await created.row(session)
    if created.event_id is not None:
        return ticket, created.event_id
    stmt = select(col(TicketEvent.id)).where(
        col(TicketEvent.ticket_id) == created.ticket_id, col(TicketEvent.type) == TicketEventType.CREATED
    )
    return ticket, (await session.execute(stmt)).scalar_one_or_none()


async def _join(session: AsyncSession, settings: Settings, ticket: Ticket, message: Message) -> int | None:
    if message.type == "location" and ticket.latitude is None and ticket.address is None and _placed(settings, message):
        ticket.latitude, ticket.longitude, ticket.address = message.latitude, message.longitude, message.place
    event = events.citizen_message_event(session, ticket, WHATSAPP, said(message))
    await session.flush()
    return event.id


async def _attach(
    session: AsyncSession, settings: Settings, ticket: Ticket, prepared: Prepared, new: bool
) -> tuple[int | None, str | None]:
    """The attachment's id, or the media problem."""
    if prepared.file is None:
        return None, prepared.problem
    assert ticket.id is not None
    try:
        await check_citizen_budget(session, ticket.id, [prepared.file])
    except DomainError as refused:
        return None, refused.message
    rows = await attach(session, storage_for(settings), ticket, WHATSAPP, [prepared.file], locate=new,
                        area=settings.area)
    return rows[0].id, None


async def _seen(session: AsyncSession, contact_id: int | None, message: Message) -> None:
    # WhatsApp's 24-hour window for free text runs from the citizen's last message.
    await session.execute(
        text("UPDATE contacts SET last_whatsapp_message_at = GREATEST(last_whatsapp_message_at, LEAST(:at, now())) "
             "WHERE id = :id"),
        {"id": contact_id, "at": message.sent_at},
    )


async def _create(session: AsyncSession, settings: Settings, data: NewTicket) -> Created:
    return await create_ticket(
        session, WHATSAPP, data, prefix=settings.ticket_prefix, secret_key=settings.secret_key, area=settings.area
    )


async def store_message(
    session: AsyncSession, settings: Settings, event_id: int, message: Message, prepared: Prepared | None
) -> WhatsAppMessage:
    """The caller holds the sender's lock (conversation.lock_sender) and knows the wamid is new.
    A DomainError leaves nothing: the caller's savepoint."""
    ticket = await open_ticket(session, message, settings.whatsapp_conversation_hours)
    new = ticket is None
    if ticket is None:
        ticket, event = await _new_ticket(session, settings, message)
    else:
        event = await _join(session, settings, ticket, message)
    prepared = prepared or Prepared()
    attachment_id, problem = await _attach(session, settings, ticket, prepared, new)
    media = message.media
    row = WhatsAppMessage(
        wamid=message.wamid, inbound_event_id=event_id, wa_id=message.wa_id, contact_id=ticket.contact_id,
        ticket_id=ticket.id, ticket_event_id=event, type=message.type, text=message.text,
        latitude=message.latitude, longitude=message.longitude, place=message.place,
        media_id=media.id if media else None, media_mime_type=media.mime_type if media else None,
        media_sha256=prepared.sha256 or (media.sha256 if media else None), attachment_id=attachment_id,
        media_problem=problem[:500] if problem else None, sent_at=message.sent_at,
    )
    session.add(row)
    await _seen(session, ticket.contact_id, message)
    await session.flush()
    return row
