"""The lifecycle and intake services, one behaviour per test, against a real database."""

import re
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.actor import Actor
from cozum.db import create_sessionmaker, transaction
from cozum.kit.errors import DomainError, PermissionDenied, UserErrorCode
from cozum.kit.time import ISTANBUL, utcnow
from cozum.tickets import lifecycle
from cozum.tickets.clocks import add_working_days
from cozum.tickets.comments import add_internal_note, reply_to_citizen
from cozum.tickets.enums import IntakeChannel, RequestType, TicketStatus
from cozum.tickets.lifecycle import StatusChange
from cozum.tickets.models import Ticket
from cozum.tickets.references import secret_matches
from tests.conftest import count_rows
from tests.tickets.factories import (
    REASON,
    create,
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


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    use_cheap_passwords(monkeypatch)


def _id(ticket: Ticket) -> int:
    assert ticket.id is not None
    return ticket.id


async def _backdate_hold(db: AsyncSession, ticket: Ticket, by: timedelta) -> None:
    """Pretend the ticket went on hold `by` earlier than it did."""
    stmt = text("UPDATE tickets SET on_hold_since = on_hold_since - CAST(:by AS interval) WHERE id = :id")
    await db.execute(stmt, {"by": by, "id": _id(ticket)})
    await db.refresh(ticket)


# --- events and versions --------------------------------------------------------------------


async def test_every_change_writes_one_event_and_bumps_the_version_unless_it_is_a_message(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await new_ticket(db, actor)
    tid = _id(ticket)
    assert ticket.version == 1 and [e["type"] for e in await events_of(db, tid)] == ["CREATED"]
    fen, zabita = await department_id(db, "FEN"), await department_id(db, "ZABITA")

    def status(to: TicketStatus, reason: str | None = None) -> Callable[[], Awaitable[Any]]:
        return lambda: lifecycle.change_status(db, actor, tid, StatusChange(to, ticket.version, reason=reason))

    steps: list[tuple[str, Callable[[], Awaitable[Any]], str, bool]] = [
        ("route", lambda: lifecycle.route_ticket(db, actor, tid, fen, expected_version=ticket.version), "ROUTED", True),
        ("assign", lambda: lifecycle.assign_ticket(db, actor, tid, actor.user_id, ticket.version), "ASSIGNED", True),
        ("start", status(S.IN_PROGRESS), "STATUS_CHANGED", True),
        ("note", lambda: add_internal_note(db, actor, tid, "Malzeme bekleniyor."), "INTERNAL_NOTE", False),
        ("reply", lambda: reply_to_citizen(db, actor, tid, "Ekibimiz yolda."), "PUBLIC_REPLY", False),
        ("hold", status(S.ON_HOLD), "STATUS_CHANGED", True),
        ("schedule", status(S.SCHEDULED), "STATUS_CHANGED", True),
        ("reroute", lambda: lifecycle.route_ticket(db, actor, tid, zabita, expected_version=ticket.version),
         "ROUTED", True),
        ("unassign", lambda: lifecycle.assign_ticket(db, actor, tid, None, ticket.version), "ASSIGNED", True),
        ("resolve", status(S.RESOLVED, REASON), "STATUS_CHANGED", True),
        ("reopen", lambda: lifecycle.reopen_ticket(db, actor, tid, "Sorun devam ediyor.", ticket.version),
         "REOPENED", True),
    ]
    for name, step, event_type, bumps in steps:
        version, events = ticket.version, await event_count(db, tid)
        await step()
        new_events = (await events_of(db, tid))[events:]
        assert [e["type"] for e in new_events] == [event_type], name
        assert (new_events[0]["actor_id"], new_events[0]["actor_label"]) == (actor.user_id, actor.label), name
        assert new_events[0]["to_status"] == ticket.status.value, name
        assert (await stored(db, tid))["version"] == version + bumps, name
    assert ticket.version == 1 + sum(bumps for *_, bumps in steps)


async def test_merge_writes_one_event_on_the_source_and_one_on_the_target(db: AsyncSession) -> None:
    actor = await operator(db)
    target, source = await ticket_in(db, actor, S.IN_PROGRESS), await ticket_in(db, actor, S.ON_HOLD)
    (target_row, target_events), (source_row, source_events) = (
        await snapshot(db, _id(target)), await snapshot(db, _id(source))
    )

    merged = await lifecycle.merge_tickets(db, actor, _id(target), [_id(source)])

    assert merged.id == target.id
    source_after, target_after = await stored(db, _id(source)), await stored(db, _id(target))
    assert (source_after["status"], source_after["duplicate_of_id"]) == ("DUPLICATE", target.id)
    assert source_after["closed_at"] is not None and source_after["on_hold_since"] is None
    assert source_after["version"] == source_row["version"] + 1
    assert (target_after["status"], target_after["version"]) == ("IN_PROGRESS", target_row["version"] + 1)
    [on_source] = (await events_of(db, _id(source)))[source_events:]
    [on_target] = (await events_of(db, _id(target)))[target_events:]
    assert (on_source["type"], on_source["public"], on_source["from_status"]) == ("MERGED", True, "ON_HOLD")
    # The source was on hold: the pause it ends is recorded on its closing entry.
    assert on_source["data"].keys() == {"mergedInto", "mergedIntoId", "pausedSeconds"}
    assert (on_source["data"]["mergedInto"], on_source["data"]["mergedIntoId"]) == (target.reference, target.id)
    assert (on_target["type"], on_target["public"]) == ("MERGED", False)
    assert on_target["data"] == {"merged": [source.reference], "mergedIds": [source.id]}


async def test_a_note_does_not_make_a_status_change_conflict(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.ROUTED)
    seen = ticket.version
    await add_internal_note(db, actor, _id(ticket), "Mahalle muhtarı aradı.")
    await reply_to_citizen(db, actor, _id(ticket), "Talebiniz inceleniyor.")

    await lifecycle.change_status(db, actor, _id(ticket), StatusChange(S.IN_PROGRESS, expected_version=seen))
    assert (await stored(db, _id(ticket)))["version"] == seen + 1


# --- optimistic concurrency ---------------------------------------------------------------


def _stale_calls(db: AsyncSession, actor: Actor, ticket: Ticket, fen: int) -> dict[str, Callable[[], Awaitable[Any]]]:
    stale = ticket.version - 1
    tid = _id(ticket)
    return {
        "route": lambda: lifecycle.route_ticket(db, actor, tid, fen, expected_version=stale),
        "assign": lambda: lifecycle.assign_ticket(db, actor, tid, actor.user_id, expected_version=stale),
        "change_status": lambda: lifecycle.change_status(db, actor, tid, StatusChange(S.IN_PROGRESS, stale)),
        "reopen": lambda: lifecycle.reopen_ticket(db, actor, tid, "Tekrar.", expected_version=stale),
    }


@pytest.mark.parametrize("action", ["route", "assign", "change_status", "reopen"])
async def test_stale_expected_version_is_a_conflict_and_changes_nothing(db: AsyncSession, action: str) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.RESOLVED if action == "reopen" else S.ROUTED)
    assert ticket.version >= 2
    before = await snapshot(db, _id(ticket))

    with pytest.raises(DomainError) as refused:
        await _stale_calls(db, actor, ticket, await department_id(db, "ZABITA"))[action]()

    assert (refused.value.code, refused.value.field) == (UserErrorCode.VERSION_CONFLICT, ["expected_version"])
    assert await snapshot(db, _id(ticket)) == before


async def test_a_change_committed_elsewhere_is_a_conflict_even_if_the_session_holds_the_ticket(
    db: AsyncSession, engine: AsyncEngine
) -> None:
    # This session read the ticket earlier in its work (a loader, an earlier mutation of the
    # same request); meanwhile another transaction resolved it. Locking the row must see that.
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.ROUTED)
    await db.commit()
    seen, ticket_id = ticket.version, _id(ticket)
    async with transaction(create_sessionmaker(engine)) as other:
        await lifecycle.change_status(other, actor, ticket_id, StatusChange(S.RESOLVED, seen, reason=REASON))

    with pytest.raises(DomainError) as refused:
        await lifecycle.change_status(db, actor, ticket_id, StatusChange(S.IN_PROGRESS, seen))

    assert refused.value.code is UserErrorCode.VERSION_CONFLICT
    await db.rollback()
    row = await stored(db, ticket_id)
    assert (row["status"], row["version"]) == ("RESOLVED", seen + 1)


# --- routing --------------------------------------------------------------------------------


async def test_route_to_another_department_clears_the_assignee(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.IN_PROGRESS, department="FEN")
    await lifecycle.assign_ticket(db, actor, _id(ticket), actor.user_id, ticket.version)
    assert (await stored(db, _id(ticket)))["assignee_id"] == actor.user_id

    zabita = await department_id(db, "ZABITA")
    await lifecycle.route_ticket(db, actor, _id(ticket), zabita, "Zabıtanın konusu.", ticket.version)

    row = await stored(db, _id(ticket))
    assert (row["department_id"], row["assignee_id"], row["status"]) == (zabita, None, "ROUTED")
    last = (await events_of(db, _id(ticket)))[-1]
    assert last["data"] == {"departmentId": zabita, "department": "ZABITA"} and last["message"] == "Zabıtanın konusu."


async def test_route_within_the_same_department_keeps_the_assignee(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.IN_PROGRESS, department="FEN")
    await lifecycle.assign_ticket(db, actor, _id(ticket), actor.user_id, ticket.version)

    await lifecycle.route_ticket(db, actor, _id(ticket), await department_id(db, "FEN"), None, ticket.version)

    assert (await stored(db, _id(ticket)))["assignee_id"] == actor.user_id


# --- clocks ---------------------------------------------------------------------------------


async def test_hold_pauses_the_sla_clock(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.ON_HOLD)
    due_before = ticket.due_at
    assert due_before is not None and ticket.on_hold_since is not None
    await _backdate_hold(db, ticket, timedelta(hours=3))

    await lifecycle.change_status(db, actor, _id(ticket), StatusChange(S.IN_PROGRESS, ticket.version))

    row = await stored(db, _id(ticket))
    assert row["on_hold_since"] is None
    moved = row["due_at"] - due_before
    assert timedelta(hours=3) <= moved < timedelta(hours=3, minutes=1)
    last = (await events_of(db, _id(ticket)))[-1]
    assert (last["from_status"], last["to_status"]) == ("ON_HOLD", "IN_PROGRESS")
    assert 3 * 3600 <= last["data"]["pausedSeconds"] < 3 * 3600 + 60


async def test_hold_does_not_push_the_due_date_past_the_legal_deadline(db: AsyncSession) -> None:
    # Hold stops the SLA clock only (README: "the SLA clock stops"); Law 4982's 15 working
    # days keep running, and dueAt is "never after the legal one" (clocks.due_dates).
    actor = await operator(db)
    ticket = await new_ticket(db, actor, "INFO_REQUEST", request_type=RequestType.INFORMATION)
    assert ticket.legal_due_at is not None and ticket.due_at == ticket.legal_due_at
    await lifecycle.change_status(db, actor, _id(ticket), StatusChange(S.ON_HOLD, ticket.version))
    await _backdate_hold(db, ticket, timedelta(days=10))

    await lifecycle.change_status(db, actor, _id(ticket), StatusChange(S.IN_PROGRESS, ticket.version))

    row = await stored(db, _id(ticket))
    assert row["due_at"] <= row["legal_due_at"], "a hold moved dueAt past the statutory deadline"


async def test_closing_sets_closed_at_and_reopening_clears_it(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await ticket_in(db, actor, S.IN_PROGRESS)
    assert ticket.closed_at is None
    started = utcnow()

    await lifecycle.change_status(db, actor, _id(ticket), StatusChange(S.RESOLVED, ticket.version, reason=REASON))
    row = await stored(db, _id(ticket))
    assert started <= row["closed_at"] <= utcnow() and row["resolution"] == REASON

    await lifecycle.reopen_ticket(db, actor, _id(ticket), "Çukur yeniden açıldı.", ticket.version)
    row = await stored(db, _id(ticket))
    assert (row["status"], row["closed_at"], row["resolution"]) == ("ROUTED", None, None)


# --- intake ---------------------------------------------------------------------------------


async def test_a_category_outside_the_remit_is_forwarded_on_arrival(db: AsyncSession) -> None:
    actor = await operator(db)
    external = (await db.execute(
        text("SELECT remit, external_institution FROM categories WHERE code = 'STREET_LIGHTING'")
    )).one()
    assert external.remit == "EXTERNAL" and external.external_institution

    created = await create(db, actor, "STREET_LIGHTING")

    row = await stored(db, created.ticket_id)
    assert (row["status"], row["forwarded_to"]) == ("FORWARDED", external.external_institution)
    assert row["closed_at"] is not None and row["department_id"] is None
    assert created.forwarded_to == external.external_institution
    events = await events_of(db, created.ticket_id)
    assert [(e["type"], e["from_status"], e["to_status"]) for e in events] == [
        ("CREATED", None, "NEW"), ("STATUS_CHANGED", "NEW", "FORWARDED"),
    ]
    assert events[1]["public"] is True and events[1]["data"]["institution"] == external.external_institution


async def test_the_same_idempotency_key_replays_the_ticket(db: AsyncSession) -> None:
    actor = await operator(db)
    first = await create(db, actor, channel=IntakeChannel.API, idempotency_key="msg-4711")
    second = await create(db, actor, channel=IntakeChannel.API, idempotency_key="msg-4711")

    assert (first.replayed, second.replayed) == (False, True)
    assert second.ticket_id == first.ticket_id and second.secret == first.secret
    assert second.reference == first.reference
    assert secret_matches(second.secret, (await stored(db, first.ticket_id))["secret_hash"])
    assert await count_rows(db, "tickets") == 1 and await event_count(db, first.ticket_id) == 1

    other_channel = await create(db, actor, channel=IntakeChannel.WEB, idempotency_key="msg-4711")
    assert not other_channel.replayed and other_channel.ticket_id != first.ticket_id
    assert await count_rows(db, "tickets") == 2


async def test_references_are_prefix_year_and_consecutive_numbers(db: AsyncSession) -> None:
    actor = await operator(db)
    tickets = [
        await new_ticket(db, actor),
        await new_ticket(db, actor, "STREET_LIGHTING"),
        await (await create(db, actor, channel=IntakeChannel.API, idempotency_key="k1")).row(db),
        await (await create(db, actor, channel=IntakeChannel.API, idempotency_key="k1")).row(db),  # a replay
        await new_ticket(db, actor, "GARBAGE"),
    ]

    year = tickets[0].created_at.astimezone(ISTANBUL).year
    references = [t.reference for t in tickets]
    assert all(re.fullmatch(r"TST-\d{4}-\d{6}", r) for r in references), references
    assert references == [f"TST-{year}-{n:06d}" for n in (1, 2, 3, 3, 4)]


@pytest.mark.parametrize("channel", [IntakeChannel.PETITION, IntakeChannel.CIMER])
async def test_a_petition_has_a_thirty_day_legal_deadline(db: AsyncSession, channel: IntakeChannel) -> None:
    actor = await operator(db)
    ticket = await new_ticket(db, actor, channel=channel)

    assert ticket.legal_due_at == ticket.created_at + timedelta(days=30)
    # The category SLA (ROAD_POTHOLE: 168 h) comes first, so it is the due date.
    assert ticket.due_at == ticket.created_at + timedelta(hours=168)


async def test_a_phone_complaint_has_no_legal_deadline(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await new_ticket(db, actor, channel=IntakeChannel.PHONE)
    assert ticket.legal_due_at is None and ticket.due_at == ticket.created_at + timedelta(hours=168)


async def test_an_information_request_is_due_in_fifteen_working_days(db: AsyncSession) -> None:
    actor = await operator(db)
    ticket = await new_ticket(db, actor, "INFO_REQUEST", request_type=RequestType.INFORMATION)

    assert ticket.legal_due_at == add_working_days(ticket.created_at, 15)
    assert ticket.due_at == ticket.legal_due_at  # INFO_REQUEST has no SLA of its own
    local = ticket.legal_due_at.astimezone(ISTANBUL)
    assert (local.hour, local.minute, local.second) == (23, 59, 59) and local.weekday() < 5


def _istanbul(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 10, 0, tzinfo=ISTANBUL)


def _end_of(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 23, 59, 59, tzinfo=ISTANBUL)


# Worked out by hand with the 2026 calendar: Ramazan Bayramı 20–22 March, 23 April, 1 May,
# 19 May, Kurban Bayramı 27–30 May, 15 July, 30 August, 29 October; arife half days
# (19 March, 26 May, 28 October) are working days.
WORKING_DAY_CASES = [
    # Thu 19 Mar: 20–22 Bayram, then 23 Mar … 10 Apr is 15 working days (no holiday between).
    ("ramazan-bayrami", _istanbul(2026, 3, 19), _end_of(2026, 4, 10)),
    # Wed 22 Apr: 23 Apr and 1 May are skipped: 24,27,28,29,30 | 4–8 | 11–15 May.
    ("23-april-1-may", _istanbul(2026, 4, 22), _end_of(2026, 5, 15)),
    # Tue 5 May: 6,7,8,11,12,13,14,15,18 (9) | 19 skipped | 20,21,22,25,26 (14) | 27–30 Bayram | Mon 1 Jun.
    ("19-may-kurban-bayrami", _istanbul(2026, 5, 5), _end_of(2026, 6, 1)),
    # 21:30 UTC on Mon 4 May is already Tue 5 May in Istanbul: the same answer as above.
    ("istanbul-date-not-utc", datetime(2026, 5, 4, 21, 30, tzinfo=UTC), _end_of(2026, 6, 1)),
    # Fri 3 Jul: 6–10 (5), 13,14 (7), 15 skipped, 16,17 (9), 20–24 (14), Mon 27 Jul.
    ("15-july", _istanbul(2026, 7, 3), _end_of(2026, 7, 27)),
    # Fri 16 Oct: 19–23 (5), 26,27,28 (8), 29 skipped, 30 (9), 2–6 Nov (14), Mon 9 Nov.
    ("29-october", _istanbul(2026, 10, 16), _end_of(2026, 11, 9)),
    # Saturday start: 17–21 Aug (5), 24–28 (10), 30 Aug is a Sunday anyway, 31 Aug–4 Sep (15).
    ("weekend-start", _istanbul(2026, 8, 15), _end_of(2026, 9, 4)),
    # Wed 16 Dec: 17,18,21–25,28–31 (11), 1 Jan 2027 skipped, 4–7 Jan (15).
    ("new-year", _istanbul(2026, 12, 16), _end_of(2027, 1, 7)),
]


@pytest.mark.parametrize(
    ("start", "expected"), [case[1:] for case in WORKING_DAY_CASES], ids=[case[0] for case in WORKING_DAY_CASES]
)
def test_fifteen_turkish_working_days(start: datetime, expected: datetime) -> None:
    assert add_working_days(start, 15) == expected


async def test_closing_as_duplicate_needs_the_merge_permission(db: AsyncSession) -> None:
    """DUPLICATE does what mergeTickets does, so an AGENT (no MERGE) cannot reach it this way."""
    from dataclasses import replace

    from cozum.auth.permissions import Permission

    actor = await operator(db)
    target, source = await new_ticket(db, actor), await new_ticket(db, actor)
    without_merge = replace(actor, permissions=actor.permissions - {Permission.MERGE})
    change = StatusChange(status=S.DUPLICATE, expected_version=source.version, duplicate_of_id=_id(target))
    with pytest.raises(PermissionDenied):
        await lifecycle.change_status(db, without_merge, _id(source), change)
    assert (await stored(db, _id(source)))["status"] == "NEW"


async def test_opposite_merges_at_once_do_not_deadlock(engine: AsyncEngine) -> None:
    """A into B and B into A, concurrently: one wins, the other is refused with a userError."""
    import asyncio

    sessionmaker = create_sessionmaker(engine)
    async with transaction(sessionmaker) as session:
        actor = await operator(session)
        a, b = await new_ticket(session, actor), await new_ticket(session, actor)

    async def merge(target: Ticket, source: Ticket) -> str:
        try:
            async with transaction(sessionmaker) as session:
                await lifecycle.merge_tickets(session, actor, _id(target), [_id(source)])
                await asyncio.sleep(0.2)  # hold the locks while the other one asks for them
            return "merged"
        except DomainError as error:
            return error.code.value

    outcomes = await asyncio.gather(merge(a, b), merge(b, a))
    assert sorted(outcomes) == ["INVALID_TRANSITION", "merged"]


async def test_a_staff_member_with_a_long_name_can_still_act(db: AsyncSession) -> None:
    """Names may run to 200 characters; the timeline keeps the first 100 of the actor's."""
    from dataclasses import replace

    actor = replace(await operator(db), label="Ş" * 150)
    ticket = await new_ticket(db, actor)
    (event,) = await events_of(db, _id(ticket))
    assert event["actor_label"] == "Ş" * 100
