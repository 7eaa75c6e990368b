"""Which changes the citizen hears of, written to the outbox with the change itself."""

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.notifications.models import NotificationKind, OutboxMessage
from cozum.tickets.enums import ReplyChannel, TicketEventType, TicketStatus
from cozum.tickets.models import Ticket, TicketEvent

# Channels a message can be sent through; PHONE and LETTER are staff's to do by hand.
SENDABLE = frozenset({ReplyChannel.EMAIL, ReplyChannel.SMS, ReplyChannel.WHATSAPP})

_CLOSING = {
    TicketStatus.RESOLVED: NotificationKind.RESOLVED,
    TicketStatus.REJECTED: NotificationKind.REJECTED,
    TicketStatus.FORWARDED: NotificationKind.FORWARDED,
}
_BY_TYPE = {
    TicketEventType.CREATED: NotificationKind.RECEIVED,
    TicketEventType.ROUTED: NotificationKind.ROUTED,
    TicketEventType.PUBLIC_REPLY: NotificationKind.REPLY,
    TicketEventType.REOPENED: NotificationKind.REOPENED,
}


def kind_of(event: TicketEvent) -> NotificationKind | None:
    """The message a timeline entry calls for, if any: public changes only."""
    if not event.public:
        return None
    if event.type is TicketEventType.STATUS_CHANGED and event.to_status is not None:
        return _CLOSING.get(event.to_status)
    if event.type is TicketEventType.MERGED and event.to_status is TicketStatus.DUPLICATE:
        return NotificationKind.DUPLICATE
    return _BY_TYPE.get(event.type)


def _details(kind: NotificationKind, ticket: Ticket, event: TicketEvent) -> dict[str, str]:
    # The status the change brought: the message says it even if the ticket has moved on
    # by the time the message is sent.
    return {"status": ticket.status.value, **_texts(kind, ticket, event)}


def _texts(kind: NotificationKind, ticket: Ticket, event: TicketEvent) -> dict[str, str]:
    if kind is NotificationKind.FORWARDED:
        return {"institution": ticket.forwarded_to or ""}
    if kind is NotificationKind.DUPLICATE:
        return {"mergedInto": str(event.data.get("mergedInto", ""))}
    if kind in (NotificationKind.REPLY, NotificationKind.RESOLVED, NotificationKind.REJECTED) and event.message:
        return {"message": event.message}
    return {}


def sendable(contact_id: int | None, reply_channel: ReplyChannel) -> bool:
    """Whether a ticket's citizen can be written to at all: someone to write to, by a channel we send."""
    return contact_id is not None and sent_by(reply_channel)


def sent_by(reply_channel: ReplyChannel) -> bool:
    return reply_channel in SENDABLE


def enqueue(session: AsyncSession, ticket: Ticket, event: TicketEvent) -> OutboxMessage | None:
    """The outbox row for this change, added to the change's own transaction (or nothing)."""
    kind = kind_of(event)
    if kind is None or not sendable(ticket.contact_id, ticket.reply_channel):
        return None
    assert ticket.id is not None
    message = OutboxMessage(
        ticket_id=ticket.id, kind=kind, channel=ticket.reply_channel, language=ticket.language,
        data=_details(kind, ticket, event), idempotency_key=str(uuid.uuid4()),
        created_at=event.created_at, next_attempt_at=event.created_at,
    )
    session.add(message)
    return message
