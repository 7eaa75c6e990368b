"""Splitting a citizen's message off into a ticket of its own: staff's correction of the
conversation model, when a follow-up turns out to be a new problem."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.attachments.models import Attachment
from cozum.auth.actor import Actor
from cozum.config import Settings
from cozum.contacts.models import Contact
from cozum.contacts.service import ContactDetails
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets import events
from cozum.tickets.enums import IntakeChannel, ReplyChannel, TicketEventType
from cozum.tickets.intake import Location, NewTicket, create_ticket
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.repository import lock_readable
from cozum.whatsapp.conversation import in_words, whatsapp_category
from cozum.whatsapp.errors import NotConfigured
from cozum.whatsapp.models import WhatsAppMessage

FIELD = ["input", "messageId"]


async def _first_message_id(session: AsyncSession, ticket_id: int) -> int | None:
    stmt = (
        select(col(WhatsAppMessage.id)).where(col(WhatsAppMessage.ticket_id) == ticket_id)
        .order_by(col(WhatsAppMessage.sent_at), col(WhatsAppMessage.id)).limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()


async def _details(session: AsyncSession, source: Ticket) -> tuple[ContactDetails, ReplyChannel]:
    contact = await session.get(Contact, source.contact_id) if source.contact_id is not None else None
    if contact is None or contact.phone is None or contact.anonymised_at is not None:
        return ContactDetails(), ReplyChannel.NONE
    return ContactDetails(name=contact.name, phone=contact.phone), source.reply_channel


async def _new_ticket(session: AsyncSession, actor: Actor, settings: Settings, source: Ticket,
                      message: WhatsAppMessage) -> Ticket:
    try:
        category_id = await whatsapp_category(session, settings.whatsapp_category)
    except NotConfigured as missing:
        raise DomainError(UserErrorCode.NOT_FOUND, str(missing), FIELD) from None
    details, reply = await _details(session, source)
    located = message.type == "location" and message.latitude is not None and message.longitude is not None
    data = NewTicket(
        description=in_words(message.type, message.text, message.latitude, message.longitude, message.place),
        category_id=category_id, channel=IntakeChannel.WHATSAPP, reply_channel=reply, contact=details,
        location=Location(message.latitude, message.longitude, message.place) if located else Location(),
        channel_reference=message.wamid[:100], language=source.language,
        privacy_notice_version=source.privacy_notice_version,
        # The citizen's own contact row, not a lookalike the details also match.
        contact_id=source.contact_id if details.phone else None,
    )
    created = await create_ticket(session, actor, data, prefix=settings.ticket_prefix,
                                  secret_key=settings.secret_key, area=settings.area)
    return await created.row(session)


async def split_message(session: AsyncSession, actor: Actor, settings: Settings, message_id: int) -> Ticket:
    """The new ticket; the message and its attachment move there, both timelines say so."""
    message = await session.get(WhatsAppMessage, message_id, with_for_update=True)
    if message is None or message.ticket_id is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such message.", FIELD)
    source = await lock_readable(session, actor, message.ticket_id, FIELD)  # unreadable looks missing
    if await _first_message_id(session, source.id) == message.id:  # type: ignore[arg-type]
        raise DomainError(UserErrorCode.INVALID, "This message opened the ticket; it cannot be split off it.", FIELD)
    ticket = await _new_ticket(session, actor, settings, source, message)
    await session.flush()
    created = select(col(TicketEvent.id)).where(
        col(TicketEvent.ticket_id) == ticket.id, col(TicketEvent.type) == TicketEventType.CREATED
    )
    message.ticket_event_id = (await session.execute(created)).scalar_one_or_none()
    message.split_from_ticket_id, message.ticket_id = source.id, ticket.id
    if message.attachment_id is not None:
        attachment = await session.get(Attachment, message.attachment_id, with_for_update=True)
        if attachment is not None:
            attachment.ticket_id = ticket.id  # type: ignore[assignment]
    moved = {"messageId": message.id, "attachmentId": message.attachment_id}
    events.message_split_event(session, source, actor, {"to": ticket.reference, "toId": ticket.id, **moved})
    events.message_split_event(session, ticket, actor, {"from": source.reference, "fromId": source.id, **moved})
    await session.flush()
    return ticket
