"""The ticket lifecycle as data: which status may follow which, and what each action needs."""

from enum import Enum

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets.enums import CLOSED_STATUSES, OPEN_STATUSES, TicketStatus

S = TicketStatus
_CLOSING = frozenset({S.RESOLVED, S.REJECTED, S.FORWARDED, S.DUPLICATE})

# changeTicketStatus. ROUTED is reached only through routeTicket (it needs a department),
# and a closed ticket only leaves its status through reopenTicket.
STATUS_TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.ON_HOLD}) | _CLOSING,
    S.ROUTED: frozenset({S.IN_PROGRESS, S.SCHEDULED, S.ON_HOLD}) | _CLOSING,
    S.IN_PROGRESS: frozenset({S.SCHEDULED, S.ON_HOLD}) | _CLOSING,
    S.SCHEDULED: frozenset({S.IN_PROGRESS, S.ON_HOLD}) | _CLOSING,
    S.ON_HOLD: frozenset({S.IN_PROGRESS, S.SCHEDULED}) | _CLOSING,
    S.RESOLVED: frozenset(),
    S.REJECTED: frozenset(),
    S.FORWARDED: frozenset(),
    S.DUPLICATE: frozenset(),
}


class Action(Enum):
    ROUTE = "route"
    ASSIGN = "assign"
    CHANGE_STATUS = "change status"
    REOPEN = "reopen"
    MERGE_INTO = "merge into another ticket"
    RECEIVE_MERGE = "receive merged tickets"
    NOTE = "add an internal note"
    REPLY = "reply to the citizen"


ACTION_ALLOWED_FROM: dict[Action, frozenset[TicketStatus]] = {
    Action.ROUTE: OPEN_STATUSES,
    Action.ASSIGN: OPEN_STATUSES,
    Action.CHANGE_STATUS: OPEN_STATUSES,
    Action.REOPEN: CLOSED_STATUSES,
    Action.MERGE_INTO: OPEN_STATUSES,
    Action.RECEIVE_MERGE: OPEN_STATUSES,
    Action.NOTE: frozenset(TicketStatus),
    Action.REPLY: frozenset(TicketStatus),
}

# What the caller must supply to enter a status, by field of the change (lifecycle.StatusChange).
REQUIRED_FOR_STATUS: dict[TicketStatus, str] = {
    S.REJECTED: "reason",
    S.FORWARDED: "institution",
    S.DUPLICATE: "duplicate_of_id",
}


def can_transition(current: TicketStatus, target: TicketStatus) -> bool:
    return target in STATUS_TRANSITIONS[current]


def check_transition(current: TicketStatus, target: TicketStatus) -> None:
    if not can_transition(current, target):
        raise DomainError(
            UserErrorCode.INVALID_TRANSITION,
            f"A {current.value} ticket cannot move to {target.value}.",
            ["status"],
        )


def check_action(action: Action, current: TicketStatus) -> None:
    if current not in ACTION_ALLOWED_FROM[action]:
        raise DomainError(
            UserErrorCode.INVALID_TRANSITION,
            f"Cannot {action.value} while the ticket is {current.value}.",
            ["ticket_id"],
        )
