"""The lifecycle table, every cell of it, against the real services and database.

The expectation below is written from the product rules, not copied from the code, so a
careless edit of `STATUS_TRANSITIONS` fails here even if the services follow it faithfully.
"""

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets import lifecycle
from cozum.tickets.comments import add_internal_note, reply_to_citizen
from cozum.tickets.enums import CLOSED_STATUSES, OPEN_STATUSES, TicketEventType, TicketStatus
from cozum.tickets.lifecycle import StatusChange
from cozum.tickets.transitions import (
    ACTION_ALLOWED_FROM,
    REQUIRED_FOR_STATUS,
    STATUS_TRANSITIONS,
    Action,
    can_transition,
)
from tests.tickets.factories import (
    category_without_department,
    change_for,
    department_id,
    event_count,
    events_of,
    new_ticket,
    operator,
    snapshot,
    stored,
    ticket_in,
    use_cheap_passwords,
)

S = TicketStatus
ALL = list(TicketStatus)
OPEN = [S.NEW, S.ROUTED, S.IN_PROGRESS, S.SCHEDULED, S.ON_HOLD]
CLOSED = [S.RESOLVED, S.REJECTED, S.FORWARDED, S.DUPLICATE]

# The product rules, cell by cell (Y: changeTicketStatus may move a ticket from the row's
# status to the column's). Closed statuses accept no change (they leave only by reopening);
# ROUTED is never a target (only routeTicket reaches it); nothing moves to itself; every open
# status may close in any way; NEW may start work or wait but cannot be scheduled unrouted.
_COLUMNS = ["NEW", "ROUTED", "IN_PROGRESS", "SCHEDULED", "ON_HOLD", "RESOLVED", "REJECTED", "FORWARDED", "DUPLICATE"]
_GRID = """
              NEW ROUTED IN_PROGRESS SCHEDULED ON_HOLD RESOLVED REJECTED FORWARDED DUPLICATE
NEW            .    .        Y           .        Y       Y        Y         Y         Y
ROUTED         .    .        Y           Y        Y       Y        Y         Y         Y
IN_PROGRESS    .    .        .           Y        Y       Y        Y         Y         Y
SCHEDULED      .    .        Y           .        Y       Y        Y         Y         Y
ON_HOLD        .    .        Y           Y        .       Y        Y         Y         Y
RESOLVED       .    .        .           .        .       .        .         .         .
REJECTED       .    .        .           .        .       .        .         .         .
FORWARDED      .    .        .           .        .       .        .         .         .
DUPLICATE      .    .        .           .        .       .        .         .         .
"""


def _parse_grid(grid: str) -> dict[TicketStatus, frozenset[TicketStatus]]:
    header, *rows = [line.split() for line in grid.strip().splitlines()]
    assert header == _COLUMNS
    table = {}
    for name, *cells in rows:
        assert len(cells) == len(_COLUMNS) and set(cells) <= {"Y", "."}, name
        table[S(name)] = frozenset(S(col) for col, cell in zip(_COLUMNS, cells, strict=True) if cell == "Y")
    return table


EXPECTED_TRANSITIONS = _parse_grid(_GRID)
PAIRS = [(a, b) for a in ALL for b in ALL]


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    use_cheap_passwords(monkeypatch)


def _pair_id(pair: tuple[TicketStatus, TicketStatus]) -> str:
    return f"{pair[0].value}->{pair[1].value}"


# --- the table as data ---------------------------------------------------------------------


def test_status_sets_are_the_product_ones() -> None:
    assert set(OPEN_STATUSES) == set(OPEN) and set(CLOSED_STATUSES) == set(CLOSED)
    assert len(ALL) == 9 and set(OPEN) | set(CLOSED) == set(ALL)


def test_code_table_equals_the_product_rules() -> None:
    assert set(STATUS_TRANSITIONS) == set(ALL)
    for status in ALL:
        assert STATUS_TRANSITIONS[status] == EXPECTED_TRANSITIONS[status], status


def test_expected_table_follows_the_stated_rules() -> None:
    # The grid above, checked against the rules it was written from.
    for status in ALL:
        allowed = EXPECTED_TRANSITIONS[status]
        assert status not in allowed, "no self-transitions"
        assert S.ROUTED not in allowed, "ROUTED only through routeTicket"
        if status in CLOSED:
            assert allowed == frozenset(), "a closed ticket only leaves through reopen"
        else:
            assert set(CLOSED) <= allowed, "an open ticket may close in any way"
    assert S.IN_PROGRESS in EXPECTED_TRANSITIONS[S.NEW] and S.ON_HOLD in EXPECTED_TRANSITIONS[S.NEW]
    assert S.SCHEDULED not in EXPECTED_TRANSITIONS[S.NEW]
    working = [S.ROUTED, S.IN_PROGRESS, S.SCHEDULED, S.ON_HOLD]
    for a in working:
        assert {b for b in working if b is not S.ROUTED and b is not a} <= EXPECTED_TRANSITIONS[a]


def test_action_table_is_the_product_one() -> None:
    assert {
        Action.ROUTE: frozenset(OPEN),
        Action.ASSIGN: frozenset(OPEN),
        Action.CHANGE_STATUS: frozenset(OPEN),
        Action.REOPEN: frozenset(CLOSED),
        Action.MERGE_INTO: frozenset(OPEN),
        Action.RECEIVE_MERGE: frozenset(OPEN),
        Action.NOTE: frozenset(ALL),
        Action.REPLY: frozenset(ALL),
    } == ACTION_ALLOWED_FROM


def test_required_fields_table() -> None:
    assert REQUIRED_FOR_STATUS == {S.REJECTED: "reason", S.FORWARDED: "institution", S.DUPLICATE: "duplicate_of_id"}


# --- every cell against the service ---------------------------------------------------------


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[_pair_id(p) for p in PAIRS])
async def test_change_status(db: AsyncSession, from_status: TicketStatus, to_status: TicketStatus) -> None:
    expected = to_status in EXPECTED_TRANSITIONS[from_status]
    assert can_transition(from_status, to_status) is expected

    actor = await operator(db)
    ticket = await ticket_in(db, actor, from_status)
    assert ticket.id is not None
    other = await new_ticket(db, actor)  # an open ticket to be a duplicate of
    before, events_before = await snapshot(db, ticket.id)
    other_before, other_events_before = await snapshot(db, other.id)  # type: ignore[arg-type]
    assert before["status"] == from_status.value

    change = change_for(ticket, to_status, duplicate_of_id=other.id)
    if not expected:
        with pytest.raises(DomainError) as refused:
            await lifecycle.change_status(db, actor, ticket.id, change)
        assert refused.value.code is UserErrorCode.INVALID_TRANSITION
        assert await snapshot(db, ticket.id) == (before, events_before)
        assert await snapshot(db, other.id) == (other_before, other_events_before)  # type: ignore[arg-type]
        return

    changed = await lifecycle.change_status(db, actor, ticket.id, change)
    after = await stored(db, ticket.id)
    assert changed.id == ticket.id and after["status"] == to_status.value
    assert after["version"] == before["version"] + 1
    new_events = (await events_of(db, ticket.id))[events_before:]
    assert len(new_events) == 1
    event_type = TicketEventType.MERGED if to_status is S.DUPLICATE else TicketEventType.STATUS_CHANGED
    assert new_events[0]["type"] == event_type.value
    assert (new_events[0]["from_status"], new_events[0]["to_status"]) == (from_status.value, to_status.value)
    assert (after["closed_at"] is not None) is (to_status in CLOSED)
    assert (after["on_hold_since"] is not None) is (to_status is S.ON_HOLD)
    if to_status is S.DUPLICATE:
        assert after["duplicate_of_id"] == other.id
        assert await event_count(db, other.id) == other_events_before + 1  # type: ignore[arg-type]
        assert (await stored(db, other.id))["version"] == other_before["version"] + 1  # type: ignore[arg-type]
    else:
        assert await snapshot(db, other.id) == (other_before, other_events_before)  # type: ignore[arg-type]
    if to_status is S.FORWARDED:
        assert after["forwarded_to"] == change.institution
    if to_status in (S.RESOLVED, S.REJECTED):
        assert after["resolution"] == change.reason


# --- the other actions ----------------------------------------------------------------------


@pytest.mark.parametrize("status", ALL, ids=[s.value for s in ALL])
async def test_route(db: AsyncSession, status: TicketStatus) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, status)
    assert ticket.id is not None
    before, events_before = await snapshot(db, ticket.id)
    zabita = await department_id(db, "ZABITA")

    if status in CLOSED:
        with pytest.raises(DomainError) as refused:
            await lifecycle.route_ticket(db, actor, ticket.id, zabita, expected_version=ticket.version)
        assert refused.value.code is UserErrorCode.INVALID_TRANSITION
        assert await snapshot(db, ticket.id) == (before, events_before)
        return

    await lifecycle.route_ticket(db, actor, ticket.id, zabita, expected_version=ticket.version)
    after = await stored(db, ticket.id)
    assert (after["status"], after["department_id"]) == (S.ROUTED.value, zabita)
    assert after["version"] == before["version"] + 1 and after["on_hold_since"] is None
    assert [e["type"] for e in (await events_of(db, ticket.id))[events_before:]] == ["ROUTED"]


@pytest.mark.parametrize("status", ALL, ids=[s.value for s in ALL])
async def test_assign(db: AsyncSession, status: TicketStatus) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, status)
    assert ticket.id is not None
    before, events_before = await snapshot(db, ticket.id)

    if status in CLOSED:
        with pytest.raises(DomainError) as refused:
            await lifecycle.assign_ticket(db, actor, ticket.id, actor.user_id, expected_version=ticket.version)
        assert refused.value.code is UserErrorCode.INVALID_TRANSITION
        assert await snapshot(db, ticket.id) == (before, events_before)
        return

    await lifecycle.assign_ticket(db, actor, ticket.id, actor.user_id, expected_version=ticket.version)
    after = await stored(db, ticket.id)
    assert (after["status"], after["assignee_id"]) == (status.value, actor.user_id)
    assert after["version"] == before["version"] + 1
    assert [e["type"] for e in (await events_of(db, ticket.id))[events_before:]] == ["ASSIGNED"]


# Open tickets are refused whatever their department, so only closed ones are tried without.
REOPEN_CASES = [(s, True) for s in ALL] + [(s, False) for s in CLOSED]


@pytest.mark.parametrize(
    ("status", "with_department"), REOPEN_CASES,
    ids=[f"{s.value}-{'with' if d else 'without'}-department" for s, d in REOPEN_CASES],
)
async def test_reopen(db: AsyncSession, status: TicketStatus, with_department: bool) -> None:
    actor = await operator(db)
    category = "ROAD_POTHOLE" if with_department else await category_without_department(db)
    ticket = await ticket_in(db, actor, status, category=category)
    assert ticket.id is not None
    before, events_before = await snapshot(db, ticket.id)
    assert (before["department_id"] is not None) is with_department

    if status in OPEN:
        with pytest.raises(DomainError) as refused:
            await lifecycle.reopen_ticket(db, actor, ticket.id, "Tekrar bakılsın.", expected_version=ticket.version)
        assert refused.value.code is UserErrorCode.INVALID_TRANSITION
        assert await snapshot(db, ticket.id) == (before, events_before)
        return

    await lifecycle.reopen_ticket(db, actor, ticket.id, "Tekrar bakılsın.", expected_version=ticket.version)
    after = await stored(db, ticket.id)
    assert after["status"] == (S.ROUTED if with_department else S.NEW).value
    assert after["version"] == before["version"] + 1
    assert after["closed_at"] is None and after["duplicate_of_id"] is None and after["forwarded_to"] is None
    new_events = (await events_of(db, ticket.id))[events_before:]
    assert [(e["type"], e["from_status"]) for e in new_events] == [("REOPENED", status.value)]


@pytest.mark.parametrize("status", ALL, ids=[s.value for s in ALL])
async def test_note_and_reply_allowed_in_every_status(db: AsyncSession, status: TicketStatus) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, status)
    assert ticket.id is not None
    before, events_before = await snapshot(db, ticket.id)

    await add_internal_note(db, actor, ticket.id, "Ekip yarın sabah gidecek.")
    await reply_to_citizen(db, actor, ticket.id, "Talebiniz ekiplerimize iletildi.")

    after = await stored(db, ticket.id)
    assert (after["status"], after["version"]) == (before["status"], before["version"])
    new_events = (await events_of(db, ticket.id))[events_before:]
    assert [(e["type"], e["public"]) for e in new_events] == [("INTERNAL_NOTE", False), ("PUBLIC_REPLY", True)]


# --- what a status needs ------------------------------------------------------------------


async def _refused(
    db: AsyncSession, status: TicketStatus, *, reason: str | None = None, institution: str | None = None,
    duplicate_of_id: int | None = None, duplicate_of_itself: bool = False,
) -> DomainError:
    """Try to change a fresh ROUTED ticket to `status`; assert the change left no trace."""
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.ROUTED)
    assert ticket.id is not None
    before = await snapshot(db, ticket.id)
    change = StatusChange(
        status=status, expected_version=ticket.version, reason=reason, institution=institution,
        duplicate_of_id=ticket.id if duplicate_of_itself else duplicate_of_id,
    )
    with pytest.raises(DomainError) as refused:
        await lifecycle.change_status(db, actor, ticket.id, change)
    assert await snapshot(db, ticket.id) == before
    return refused.value


@pytest.mark.parametrize("reason", [None, "", "   \n"], ids=["missing", "empty", "blank"])
async def test_rejected_needs_a_reason(db: AsyncSession, reason: str | None) -> None:
    error = await _refused(db, S.REJECTED, reason=reason)
    assert (error.code, error.field) == (UserErrorCode.REQUIRED, ["reason"])


@pytest.mark.parametrize("institution", [None, "  "], ids=["missing", "blank"])
async def test_forwarded_needs_an_institution(db: AsyncSession, institution: str | None) -> None:
    error = await _refused(db, S.FORWARDED, institution=institution, reason="Görev alanımız dışında.")
    assert (error.code, error.field) == (UserErrorCode.REQUIRED, ["institution"])


async def test_duplicate_needs_the_original(db: AsyncSession) -> None:
    error = await _refused(db, S.DUPLICATE)
    assert (error.code, error.field) == (UserErrorCode.REQUIRED, ["duplicate_of_id"])


async def test_duplicate_of_itself_is_invalid(db: AsyncSession) -> None:
    error = await _refused(db, S.DUPLICATE, duplicate_of_itself=True)
    assert (error.code, error.field) == (UserErrorCode.INVALID, ["duplicate_of_id"])


async def test_duplicate_of_an_unknown_ticket_is_not_found(db: AsyncSession) -> None:
    error = await _refused(db, S.DUPLICATE, duplicate_of_id=987654)
    assert (error.code, error.field) == (UserErrorCode.NOT_FOUND, ["duplicate_of_id"])


@pytest.mark.parametrize("closed", CLOSED, ids=[s.value for s in CLOSED])
async def test_duplicate_of_a_closed_ticket_is_refused(db: AsyncSession, closed: TicketStatus) -> None:
    actor = await operator(db)
    original = await ticket_in(db, actor, closed)
    ticket = await ticket_in(db, actor, S.IN_PROGRESS)
    assert ticket.id is not None and original.id is not None
    before, original_before = await snapshot(db, ticket.id), await snapshot(db, original.id)

    change = StatusChange(status=S.DUPLICATE, expected_version=ticket.version, duplicate_of_id=original.id)
    with pytest.raises(DomainError) as refused:
        await lifecycle.change_status(db, actor, ticket.id, change)
    assert refused.value.code is UserErrorCode.INVALID_TRANSITION
    assert await snapshot(db, ticket.id) == before
    assert await snapshot(db, original.id) == original_before
