"""Moving a ticket through its lifecycle. Every function flushes; the caller commits.

Refusals name the field at fault as `StatusChange` and the arguments here do (`ticket_id`,
`duplicate_of_id`); a refusal naming none is about the request as a whole.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import CITIZEN, Actor
from cozum.auth.models import User
from cozum.auth.permissions import Permission
from cozum.departments.models import Category
from cozum.departments.repository import active_department
from cozum.kit.errors import DomainError, PermissionDenied, UserErrorCode
from cozum.kit.text import clean_text, required_text
from cozum.kit.time import utcnow
from cozum.tickets import events
from cozum.tickets.clocks import sla_due
from cozum.tickets.enums import TicketStatus
from cozum.tickets.models import Ticket
from cozum.tickets.repository import lock_readable
from cozum.tickets.transitions import REQUIRED_FOR_STATUS, Action, check_action, check_transition

NOTE_MAX = 5000
CITIZEN_REOPEN_WINDOW = timedelta(days=30)
_TICKET = ["ticket_id"]


async def _load(
    session: AsyncSession, actor: Actor, ticket_id: int, action: Action, expected_version: int | None
) -> Ticket:
    ticket = await lock_readable(session, actor, ticket_id, _TICKET)
    _check_version(ticket, expected_version)
    check_action(action, ticket.status)
    return ticket


def _check_version(ticket: Ticket, expected: int | None) -> None:
    if expected is not None and expected != ticket.version:
        raise DomainError(
            UserErrorCode.VERSION_CONFLICT,
            f"The ticket changed meanwhile (version {ticket.version}, you had {expected}); reload it.",
            ["expected_version"],
        )


async def route_ticket(
    session: AsyncSession, actor: Actor, ticket_id: int, department_id: int,
    note: str | None = None, expected_version: int | None = None,
) -> Ticket:
    note = clean_text(note, NOTE_MAX, ["note"])
    ticket = await _load(session, actor, ticket_id, Action.ROUTE, expected_version)
    department = await active_department(session, department_id, ["department_id"])
    previous = ticket.status
    if ticket.department_id != department.id:
        # A new directorate picks its own assignee.
        ticket.assignee_id = None
    ticket.department_id = department.id
    paused = _leave_hold(ticket)
    ticket.status = TicketStatus.ROUTED
    events.ticket_routed_event(session, ticket, actor, previous, department.code, note, paused)
    await session.flush()
    return ticket


async def assign_ticket(
    session: AsyncSession, actor: Actor, ticket_id: int, assignee_id: int | None,
    expected_version: int | None = None,
) -> Ticket:
    ticket = await _load(session, actor, ticket_id, Action.ASSIGN, expected_version)
    assignee = None
    if assignee_id is not None:
        assignee = await session.get(User, assignee_id)
        if assignee is None or not assignee.active:
            raise DomainError(UserErrorCode.NOT_FOUND, "No such active staff member.", ["assignee_id"])
        # Department work goes to that department's people (or to staff of no department,
        # such as the call centre), never to a colleague who could not even read it.
        if assignee.department_id not in (None, ticket.department_id):
            raise DomainError(UserErrorCode.INVALID, "The assignee works for another department.", ["assignee_id"])
    ticket.assignee_id = assignee_id
    events.ticket_assigned_event(session, ticket, actor, assignee.name if assignee else None)
    await session.flush()
    return ticket


@dataclass
class StatusChange:
    status: TicketStatus
    expected_version: int
    reason: str | None = None
    institution: str | None = None
    duplicate_of_id: int | None = None


async def change_status(
    session: AsyncSession, actor: Actor, ticket_id: int, change: StatusChange
) -> Ticket:
    reason = clean_text(change.reason, NOTE_MAX, ["reason"])
    institution = clean_text(change.institution, 200, ["institution"])
    ticket = await _load(session, actor, ticket_id, Action.CHANGE_STATUS, change.expected_version)
    check_transition(ticket.status, change.status)
    supplied = {"reason": reason, "institution": institution, "duplicate_of_id": change.duplicate_of_id}
    if (needed := REQUIRED_FOR_STATUS.get(change.status)) and supplied[needed] is None:
        raise DomainError(UserErrorCode.REQUIRED, f"{change.status.value} needs {needed}.", [needed])
    if change.status is TicketStatus.DUPLICATE:
        assert change.duplicate_of_id is not None
        # The same change as mergeTickets, so the same permission: not a back door to it.
        if not actor.can(Permission.MERGE):
            raise PermissionDenied("Merging tickets needs the MERGE permission.")
        target = await _merge_target(session, actor, ticket, change.duplicate_of_id, ["duplicate_of_id"])
        _close_as_duplicate(session, actor, ticket, target, reason)
        events.ticket_received_merge_event(session, target, actor, [ticket])
        await session.flush()
        return ticket
    previous = ticket.status
    data: dict[str, object] = _leave_hold(ticket)
    ticket.status = change.status
    if change.status is TicketStatus.ON_HOLD:
        ticket.on_hold_since = utcnow()
    if change.status.is_closed:
        ticket.closed_at = utcnow()
        ticket.resolution = reason
        ticket.forwarded_to = institution if change.status is TicketStatus.FORWARDED else None
    if institution:
        data["institution"] = institution
    events.ticket_status_changed_event(session, ticket, actor, previous, reason, data)
    await session.flush()
    return ticket


def _leave_hold(ticket: Ticket) -> dict[str, object]:
    """Stop the paused clock: the SLA due date moves by the time spent on hold."""
    if ticket.on_hold_since is None:
        return {}
    paused = utcnow() - ticket.on_hold_since
    if ticket.due_at is not None:
        # The law's deadline does not pause: the SLA part moves, never past the legal one.
        ticket.due_at += paused
        if ticket.legal_due_at is not None:
            ticket.due_at = min(ticket.due_at, max(ticket.legal_due_at, ticket.due_at - paused))
    ticket.on_hold_since = None
    return {"pausedSeconds": int(paused.total_seconds())}


async def reopen_ticket(
    session: AsyncSession, actor: Actor, ticket_id: int, reason: str | None,
    expected_version: int | None = None,
) -> Ticket:
    reason = clean_text(reason, NOTE_MAX, ["reason"])
    ticket = await _load(session, actor, ticket_id, Action.REOPEN, expected_version)
    return await _reopen(session, actor, ticket, reason)


async def reopen_by_citizen(session: AsyncSession, ticket_id: int, reason: str) -> Ticket:
    """The citizen's own request (they proved its secret), within 30 days of its closing."""
    reason = required_text(reason, NOTE_MAX, ["reason"])
    ticket = await session.get(
        Ticket, ticket_id, with_for_update={"key_share": True}, populate_existing=True
    )
    assert ticket is not None
    check_action(Action.REOPEN, ticket.status)
    if ticket.status is TicketStatus.DUPLICATE:
        message = "This request was merged into another one, which is being followed instead."
        raise DomainError(UserErrorCode.INVALID_TRANSITION, message)
    if ticket.closed_at is None or utcnow() - ticket.closed_at > CITIZEN_REOPEN_WINDOW:
        message = "A request can be reopened here within 30 days of its result; after that, call 153."
        raise DomainError(UserErrorCode.INVALID_TRANSITION, message)
    return await _reopen(session, CITIZEN, ticket, reason)


async def _reopen(session: AsyncSession, actor: Actor, ticket: Ticket, reason: str | None) -> Ticket:
    previous = ticket.status
    ticket.status = TicketStatus.ROUTED if ticket.department_id else TicketStatus.NEW
    ticket.closed_at = None
    ticket.resolution = None
    ticket.forwarded_to = None
    ticket.duplicate_of_id = None
    category = await session.get(Category, ticket.category_id)
    now = utcnow()
    ticket.due_at = sla_due(now, category.sla_hours if category else None) or ticket.due_at
    if ticket.legal_due_at is not None and ticket.due_at is not None:
        ticket.due_at = min(ticket.due_at, max(ticket.legal_due_at, now + timedelta(hours=1)))
    events.ticket_reopened_event(session, ticket, actor, previous, reason)
    await session.flush()
    return ticket


async def _merge_target(
    session: AsyncSession, actor: Actor, source: Ticket, target_id: int, field: list[str]
) -> Ticket:
    if target_id == source.id:
        raise DomainError(UserErrorCode.INVALID, "A ticket cannot be a duplicate of itself.", field)
    target = await lock_readable(session, actor, target_id, field)
    check_action(Action.RECEIVE_MERGE, target.status)
    return target


def _close_as_duplicate(
    session: AsyncSession, actor: Actor, source: Ticket, target: Ticket, reason: str | None
) -> None:
    previous = source.status
    paused = _leave_hold(source)
    source.status = TicketStatus.DUPLICATE
    source.duplicate_of_id = target.id
    source.closed_at = utcnow()
    source.resolution = reason
    events.ticket_merged_event(session, source, actor, previous, target, reason, paused)


async def merge_tickets(
    session: AsyncSession, actor: Actor, target_id: int, source_ids: list[int]
) -> Ticket:
    """Close every source as a DUPLICATE of the target; returns the target."""
    if not source_ids:
        raise DomainError(UserErrorCode.REQUIRED, "Name at least one ticket to merge.", ["source_ids"])
    if target_id in source_ids:
        raise DomainError(UserErrorCode.INVALID, "The target cannot also be a source.", ["source_ids"])
    # Every ticket locked in id order, the target among them, so two merges running at once
    # (even A into B and B into A) queue behind each other instead of deadlocking.
    locked = {}
    for ticket_id in sorted({target_id, *source_ids}):
        field = ["target_id"] if ticket_id == target_id else ["source_ids"]
        locked[ticket_id] = await lock_readable(session, actor, ticket_id, field)
    target = locked[target_id]
    check_action(Action.RECEIVE_MERGE, target.status)
    sources = []
    for source_id in sorted(set(source_ids)):
        source = locked[source_id]
        check_action(Action.MERGE_INTO, source.status)
        _close_as_duplicate(session, actor, source, target, None)
        sources.append(source)
    # One entry on the target however many tickets joined it.
    events.ticket_received_merge_event(session, target, actor, sources)
    await session.flush()
    return target
