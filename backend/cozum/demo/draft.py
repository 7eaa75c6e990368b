"""A ticket row and its timeline while the demo is being built, kept consistent as it changes."""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import count
from random import Random
from typing import Any

from cozum.demo.content import Place
from cozum.demo.people import Person
from cozum.departments.models import Category
from cozum.tickets.clocks import due_dates
from cozum.tickets.enums import PUBLIC_EVENT_TYPES, TicketEventType, TicketStatus

E = TicketEventType
# Events that move `version`, as in tickets/events.py: creation, notes and replies do not,
# so a colleague's note never turns someone's status change into a conflict.
BUMPING = frozenset({E.ROUTED, E.ASSIGNED, E.STATUS_CHANGED, E.MERGED, E.REOPENED})
# Orders events written at the same instant the way the services would have written them.
_sequence = count()


@dataclass(frozen=True)
class Who:
    label: str
    user_id: int | None = None


CITIZEN = Who("citizen")


@dataclass
class Staff:
    operator: Who
    agents: dict[int, Who]  # by department id
    accounts: int

    def agent_for(self, department_id: int | None) -> Who:
        return self.agents.get(department_id, self.operator) if department_id else self.operator


@dataclass
class World:
    rng: Random
    now: datetime
    staff: Staff
    department_codes: dict[int, str]


@dataclass
class Draft:
    id: int
    row: dict[str, Any]
    category: Category
    outcome: TicketStatus
    place: Place
    person: Person | None
    secret: str
    events: list[dict[str, Any]] = field(default_factory=list)

    @property
    def created_at(self) -> datetime:
        created: datetime = self.row["created_at"]
        return created

    @property
    def status(self) -> TicketStatus:
        status: TicketStatus = self.row["status"]
        return status

    def set_due_dates(self) -> None:
        self.row["due_at"], self.row["legal_due_at"] = due_dates(
            self.created_at, self.category.sla_hours, self.row["channel"], self.row["request_type"]
        )

    def record(
        self, at: datetime, type_: TicketEventType, who: Who, *, from_status: TicketStatus | None = None,
        to_status: TicketStatus | None = None, message: str | None = None, data: dict[str, Any] | None = None,
        public: bool | None = None,
    ) -> None:
        self.events.append({
            "ticket_id": self.id, "type": type_, "actor_id": who.user_id, "actor_label": who.label,
            "public": type_ in PUBLIC_EVENT_TYPES if public is None else public,
            "from_status": from_status, "to_status": to_status or self.status,
            "message": message, "data": data or {}, "created_at": at, "_seq": next(_sequence),
        })

    def change(
        self, at: datetime, to: TicketStatus, who: Who, message: str | None = None,
        data: dict[str, Any] | None = None, type_: TicketEventType = E.STATUS_CHANGED,
    ) -> None:
        """A status change as lifecycle.change_status makes it: the hold clock, closing fields, one event."""
        previous = self.status
        payload = self._leave_hold(at) if type_ is E.STATUS_CHANGED else {}
        payload.update(data or {})
        self.row["status"] = to
        if to is TicketStatus.ON_HOLD:
            self.row["on_hold_since"] = at
        if to.is_closed:
            self.row["closed_at"] = at
        self.record(at, type_, who, from_status=previous, message=message, data=payload)

    def _leave_hold(self, at: datetime) -> dict[str, Any]:
        since: datetime | None = self.row["on_hold_since"]
        if since is None:
            return {}
        paused = at - since
        if self.row["due_at"] is not None:
            self.row["due_at"] += paused
        self.row["on_hold_since"] = None
        return {"pausedSeconds": int(paused.total_seconds())}

    def status_at(self, at: datetime) -> TicketStatus:
        earlier = [e for e in self.events if e["created_at"] <= at]
        latest: TicketStatus = max(earlier, key=lambda e: (e["created_at"], e["_seq"]))["to_status"]
        return latest

    def finish(self) -> None:
        self.events.sort(key=lambda e: (e["created_at"], e["_seq"]))
        self.row["version"] = 1 + sum(e["type"] in BUMPING for e in self.events)
        self.row["updated_at"] = self.events[-1]["created_at"]
