"""Showing a citizen's full phone and e-mail to staff who need them, and leaving a trace."""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth.actor import Actor
from cozum.contacts.models import Contact
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import required_text
from cozum.tickets import events
from cozum.tickets.repository import get_readable

REASON_MIN = 5


async def reveal_contact(
    session: AsyncSession, actor: Actor, ticket_id: int, reason: str, address: str
) -> Contact:
    """The unmasked contact, with an audit row and a timeline entry in the same transaction."""
    why = required_text(reason, 500, ["input", "reason"])
    if len(why) < REASON_MIN:
        raise DomainError(UserErrorCode.INVALID, "Say why you need the contact details.", ["input", "reason"])
    ticket = await get_readable(session, actor, ticket_id)
    if ticket is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such ticket.", ["input", "ticketId"])
    contact = await session.get(Contact, ticket.contact_id) if ticket.contact_id else None
    if contact is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "This ticket has no contact details.", ["input", "ticketId"])
    record(session, AuditAction.CONTACT_REVEALED, actor, address=address, target=("Ticket", ticket.id), reason=why)
    events.contact_revealed_event(session, ticket, actor, why)
    await session.flush()
    return contact
