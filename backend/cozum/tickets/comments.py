"""Comments on a ticket: internal notes for colleagues, replies for the citizen."""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.kit.text import required_text
from cozum.tickets import events
from cozum.tickets.lifecycle import NOTE_MAX
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.repository import lock_readable
from cozum.tickets.transitions import Action, check_action


async def add_internal_note(session: AsyncSession, actor: Actor, ticket_id: int, body: str) -> TicketEvent:
    text = required_text(body, NOTE_MAX, ["body"])
    ticket = await _ticket(session, actor, ticket_id, Action.NOTE)
    event = events.internal_note_event(session, ticket, actor, text)
    await session.flush()
    return event


async def reply_to_citizen(session: AsyncSession, actor: Actor, ticket_id: int, body: str) -> TicketEvent:
    text = required_text(body, NOTE_MAX, ["body"])
    ticket = await _ticket(session, actor, ticket_id, Action.REPLY)
    event = events.public_reply_event(session, ticket, actor, text)
    await session.flush()
    return event


async def _ticket(session: AsyncSession, actor: Actor, ticket_id: int, action: Action) -> Ticket:
    ticket = await lock_readable(session, actor, ticket_id, ["ticket_id"])
    check_action(action, ticket.status)
    return ticket
