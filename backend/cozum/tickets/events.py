"""One named function per kind of change, so every change writes the same kind of event."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.kit.time import utcnow
from cozum.notifications import outbox
from cozum.tickets.enums import PUBLIC_EVENT_TYPES, TicketEventType, TicketStatus
from cozum.tickets.models import ACTOR_LABEL_MAX, Ticket, TicketEvent

E = TicketEventType


# Every kind says whether it moves the ticket's version (`expectedVersion`): only changes to
# the ticket's own fields do, so a colleague's note never turns someone's status change into
# a conflict.
def _record(
    session: AsyncSession,
    ticket: Ticket,
    actor: Actor,
    type_: TicketEventType,
    *,
    moves_version: bool,
    touch: bool = True,
    public: bool | None = None,
    message: str | None = None,
    from_status: TicketStatus | None = None,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    now = at or utcnow()
    if moves_version:
        ticket.version += 1
    if touch:
        ticket.updated_at = now
    assert ticket.id is not None
    event = TicketEvent(
        ticket_id=ticket.id,
        type=type_,
        actor_id=actor.user_id,
        actor_label=actor.label[:ACTOR_LABEL_MAX],  # a staff name may be longer than the column
        public=type_ in PUBLIC_EVENT_TYPES if public is None else public,
        from_status=from_status,
        to_status=ticket.status,
        message=message,
        data=data or {},
        created_at=now,
    )
    session.add(event)
    # The citizen hears of a public change in the same transaction as the change: both or neither.
    outbox.enqueue(session, ticket, event)
    return event


def ticket_created_event(session: AsyncSession, ticket: Ticket, actor: Actor) -> TicketEvent:
    # At the moment the row was written with (its created_at and updated_at): the ticket's last
    # change is its last event's, and touching the row again would be a second statement (an
    # UPDATE after the INSERT) for every ticket filed.
    return _record(
        session, ticket, actor, E.CREATED, moves_version=False, touch=False, at=ticket.updated_at,
        data={"channel": ticket.channel.value},
    )


def ticket_routed_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, previous: TicketStatus,
    department_code: str, note: str | None, extra: dict[str, Any] | None = None,
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.ROUTED, moves_version=True, from_status=previous, message=note,
        data={"departmentId": ticket.department_id, "department": department_code, **(extra or {})},
    )


def ticket_assigned_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, assignee_name: str | None
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.ASSIGNED, moves_version=True,
        data={"assigneeId": ticket.assignee_id, "assignee": assignee_name},
    )


def ticket_status_changed_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, previous: TicketStatus,
    message: str | None, data: dict[str, Any] | None = None,
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.STATUS_CHANGED, moves_version=True, from_status=previous, message=message, data=data
    )


def ticket_reopened_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, previous: TicketStatus, reason: str | None
) -> TicketEvent:
    return _record(session, ticket, actor, E.REOPENED, moves_version=True, from_status=previous, message=reason)


def ticket_merged_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, previous: TicketStatus, target: Ticket,
    reason: str | None = None, extra: dict[str, Any] | None = None,
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.MERGED, moves_version=True, from_status=previous, message=reason,
        data={"mergedInto": target.reference, "mergedIntoId": target.id, **(extra or {})},
    )


def ticket_received_merge_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, sources: list[Ticket]
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.MERGED, moves_version=True, public=False,
        data={"merged": [s.reference for s in sources], "mergedIds": [s.id for s in sources]},
    )


def internal_note_event(session: AsyncSession, ticket: Ticket, actor: Actor, body: str) -> TicketEvent:
    return _record(session, ticket, actor, E.INTERNAL_NOTE, moves_version=False, message=body)


def public_reply_event(session: AsyncSession, ticket: Ticket, actor: Actor, body: str) -> TicketEvent:
    return _record(session, ticket, actor, E.PUBLIC_REPLY, moves_version=False, message=body)


def contact_revealed_event(session: AsyncSession, ticket: Ticket, actor: Actor, reason: str) -> TicketEvent:
    # A reveal records a read and leaves the ticket as it was. It also commits in a transaction
    # of its own while the request's may hold the ticket's row lock (revealContact after another
    # mutation of the same ticket): an UPDATE of that row from here would wait for it forever.
    return _record(
        session, ticket, actor, E.CONTACT_REVEALED, moves_version=False, touch=False, public=False, message=reason
    )


def satisfaction_answered_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, score: int, comment: str | None
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.SATISFACTION_ANSWERED, moves_version=False, public=False, message=comment,
        data={"score": score},
    )


def citizen_message_event(session: AsyncSession, ticket: Ticket, actor: Actor, message: str) -> TicketEvent:
    # What the citizen added on the tracking page: public, and no change to the ticket's fields.
    return _record(session, ticket, actor, E.CITIZEN_MESSAGE, moves_version=False, message=message)


def attachment_added_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, attachment_id: int, kind: str, public: bool,
    extra: dict[str, Any] | None = None,
) -> TicketEvent:
    return _record(
        session, ticket, actor, E.ATTACHMENT_ADDED, moves_version=False, public=public,
        data={"attachmentId": attachment_id, "kind": kind, **(extra or {})},
    )


def notification_sent_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, outbox_id: int, kind: str, channel: str, attempts: int
) -> TicketEvent:
    # Internal, and the ticket row is left as it was (no version, no updated_at): the outbox
    # worker records a delivery without ever waiting for a lock a staff member's change holds.
    return _record(
        session, ticket, actor, E.NOTIFICATION_SENT, moves_version=False, touch=False, public=False,
        data={"outboxId": outbox_id, "kind": kind, "channel": channel, "attempts": attempts},
    )


def notification_failed_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, outbox_id: int, kind: str, channel: str,
    attempts: int, error: str,
) -> TicketEvent:
    """The outbox gave up: the ticket's staff see it live and can reach the citizen another way."""
    return _record(
        session, ticket, actor, E.NOTIFICATION_FAILED, moves_version=False, touch=False, public=False, message=error,
        data={"outboxId": outbox_id, "kind": kind, "channel": channel, "attempts": attempts},
    )


def message_split_event(
    session: AsyncSession, ticket: Ticket, actor: Actor, data: dict[str, Any]
) -> TicketEvent:
    # On both tickets, the one the message left and the one it opened; for staff only.
    return _record(session, ticket, actor, E.MESSAGE_SPLIT, moves_version=False, public=False, data=data)
