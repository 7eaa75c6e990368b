"""Comments on a ticket: internal notes for colleagues, replies for the citizen."""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.kit.text import required_text
from cozum.tickets import events
from cozum.tickets.lifecycle import NOTE_MAX
from cozum.tickets.models import Ticket, TicketEvent
from cozum.tickets.repository import lock_readable
from cozum.tickets.transitions import Action, check_action


async def add_internal_note(session: AsyncSession, actor: Actor, ticket_id: int, body: str) -> TicketEvent:
    return await _comment(session, actor, ticket_id, body, Action.NOTE, events.internal_note_event)


async def reply_to_citizen(session: AsyncSession, actor: Actor, ticket_id: int, body: str) -> TicketEvent:
    return await _comment(session, actor, ticket_id, body, Action.REPLY, events.public_reply_event)


async def _comment(
    session: AsyncSession, actor: Actor, ticket_id: int, body: str, action: Action,
    record: Callable[[AsyncSession, Ticket, Actor, str], TicketEvent],
) -> TicketEvent:
    text = required_text(body, NOTE_MAX, ["body"])
    ticket = await lock_readable(session, actor, ticket_id, ["ticket_id"])
    check_action(action, ticket.status)
    event = record(session, ticket, actor, text)
    await session.flush()
    return event
