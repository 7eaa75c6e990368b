"""Each ticket's history, step by step, along the paths the transition table allows."""

from datetime import datetime, timedelta
from enum import Enum, auto

from cozum.demo import content
from cozum.demo.draft import CITIZEN, Draft, Who, World
from cozum.demo.replies_tr import (
    HOLD_MESSAGES,
    INTERNAL_NOTES,
    PROGRESS_MESSAGES,
    PUBLIC_REPLIES,
    REJECT_REASONS,
    RESUME_MESSAGES,
    SCHEDULE_MESSAGES,
    STAFF_FORWARDS,
    forward_message,
)
from cozum.demo.shape import routing_delay, work_duration
from cozum.demo.whatsapp import WHATSAPP
from cozum.tickets.enums import IntakeChannel, TicketEventType, TicketStatus

E, S = TicketEventType, TicketStatus


class Step(Enum):
    ASSIGN = auto()
    PROGRESS = auto()
    SCHEDULE = auto()
    HOLD = auto()
    RESUME = auto()
    NOTE = auto()
    REPLY = auto()
    CLOSE = auto()


_MOVES: dict[Step, tuple[TicketStatus, list[str | None]]] = {
    Step.PROGRESS: (S.IN_PROGRESS, PROGRESS_MESSAGES),
    Step.SCHEDULE: (S.SCHEDULED, [*SCHEDULE_MESSAGES]),
    Step.HOLD: (S.ON_HOLD, [*HOLD_MESSAGES]),
    Step.RESUME: (S.IN_PROGRESS, RESUME_MESSAGES),
}
# Share of tickets that pass through IN_PROGRESS before they close this way.
_WORKED_SHARE = {S.RESOLVED: 0.85, S.REJECTED: 0.5, S.FORWARDED: 0.3}
_INTEGRATORS = {IntakeChannel.OPEN311: Who("open311:demo"), IntakeChannel.API: Who("api:demo")}


def creator(d: Draft, w: World) -> Who:
    """Citizens file web and WhatsApp requests themselves; staff type in the rest."""
    channel = d.row["channel"]
    if channel is IntakeChannel.WHATSAPP:
        return WHATSAPP
    if channel is IntakeChannel.WEB:
        return CITIZEN
    return _INTEGRATORS.get(channel, w.staff.operator)


def created(d: Draft, w: World) -> Who:
    who = creator(d, w)
    d.record(d.created_at, E.CREATED, who, data={"channel": d.row["channel"].value})
    return who


def route(d: Draft, w: World, at: datetime) -> None:
    department_id = d.row["department_id"]
    data = {"departmentId": department_id, "department": w.department_codes[department_id]}
    d.change(at, S.ROUTED, w.staff.operator, data=data, type_=E.ROUTED)


def auto_forwarded(d: Draft, w: World) -> None:
    """Outside the municipality's remit: forwarded at intake, as intake._forward_outside_remit does."""
    who = created(d, w)
    institution = d.category.external_institution or "İlgili kurum"
    d.row["forwarded_to"] = institution
    data = {"institution": institution, "automatic": True}
    d.change(d.created_at, S.FORWARDED, who, forward_message(institution), data)


def still_open(d: Draft, w: World) -> None:
    created(d, w)
    if d.outcome is S.NEW:
        return
    last_touch = d.created_at + (w.now - d.created_at) * w.rng.uniform(0.3, 0.95)
    _work(d, w, last_touch, _steps(d, w))


def closed(d: Draft, w: World) -> None:
    created(d, w)
    legal = d.row["legal_due_at"] - d.created_at if d.row["legal_due_at"] else None
    end = d.created_at + work_duration(w.rng, d.category.sla_hours, legal)
    if end > w.now - timedelta(minutes=5):
        # Work on the newest requests is still going on: close them sooner rather than in the future.
        end = d.created_at + (w.now - d.created_at) * w.rng.uniform(0.3, 0.9)
    _work(d, w, end, _steps(d, w))


def _path(outcome: TicketStatus, w: World) -> list[Step]:
    rng = w.rng
    if outcome is S.ROUTED:
        return []
    if outcome is S.IN_PROGRESS:
        return [Step.PROGRESS]
    if outcome in (S.SCHEDULED, S.ON_HOLD):
        last = Step.SCHEDULE if outcome is S.SCHEDULED else Step.HOLD
        return ([Step.PROGRESS] if rng.random() < 0.6 else []) + [last]
    path = []
    if rng.random() < _WORKED_SHARE[outcome]:
        path.append(Step.PROGRESS)
        if outcome is S.RESOLVED and rng.random() < 0.2:
            path.append(Step.SCHEDULE)
        if outcome is S.RESOLVED and rng.random() < 0.06:
            path += [Step.HOLD, Step.RESUME]
    return [*path, Step.CLOSE]


def _steps(d: Draft, w: World) -> list[Step]:
    steps = ([Step.ASSIGN] if w.rng.random() < 0.6 else []) + _path(d.outcome, w)
    for extra, share in ((Step.NOTE, 0.25), (Step.REPLY, 0.2)):
        if w.rng.random() < share:
            before_close = len(steps) - (1 if steps and steps[-1] is Step.CLOSE else 0)
            steps.insert(w.rng.randint(0, before_close), extra)
    return steps


def _work(d: Draft, w: World, end: datetime, steps: list[Step]) -> None:
    """Route, then spread the steps between routing and `end`; a closing step lands on `end`."""
    route_at = d.created_at + min(routing_delay(w.rng, d.row["channel"]), (end - d.created_at) * 0.3)
    route(d, w, route_at)
    middle = [s for s in steps if s is not Step.CLOSE]
    times = sorted(route_at + (end - route_at) * w.rng.random() for _ in middle)
    for step, at in zip(middle, times, strict=True):
        _apply(d, w, step, at)
    if Step.CLOSE in steps:
        _close(d, w, end)


def _apply(d: Draft, w: World, step: Step, at: datetime) -> None:
    agent = w.staff.agent_for(d.row["department_id"])
    if step is Step.ASSIGN:
        d.row["assignee_id"] = agent.user_id
        d.record(at, E.ASSIGNED, agent, data={"assigneeId": agent.user_id, "assignee": agent.label})
    elif step is Step.NOTE:
        d.record(at, E.INTERNAL_NOTE, agent, message=w.rng.choice(INTERNAL_NOTES))
    elif step is Step.REPLY:
        who = w.rng.choice((agent, w.staff.operator))
        d.record(at, E.PUBLIC_REPLY, who, message=w.rng.choice(PUBLIC_REPLIES))
    else:
        status, messages = _MOVES[step]
        d.change(at, status, agent, w.rng.choice(messages))


def _close(d: Draft, w: World, at: datetime) -> None:
    agent = w.staff.agent_for(d.row["department_id"])
    if d.outcome is S.FORWARDED:
        institution = STAFF_FORWARDS[d.category.code]
        text = forward_message(institution)
        d.row["forwarded_to"] = institution
        d.change(at, S.FORWARDED, agent, text, {"institution": institution})
    else:
        if d.outcome is S.REJECTED:
            text = w.rng.choice(REJECT_REASONS)
        else:
            text = content.resolution(w.rng, d.category, d.row["request_type"], d.place)
        d.change(at, d.outcome, agent, text)
    # change_status stores the reason it was given as the resolution, whatever the status.
    d.row["resolution"] = text
