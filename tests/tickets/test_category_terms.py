"""A process remembers the categories' terms (departments/terms.py), and the filing statement
checks them as it writes: a ticket is never filed on terms its category no longer has."""

import dataclasses
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.contacts.service import ContactDetails
from cozum.departments.models import Remit
from cozum.departments.terms import Terms, remembered_terms
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.language import Language
from cozum.kit.time import ISTANBUL, utcnow
from cozum.tickets import intake
from cozum.tickets.clocks import due_dates
from cozum.tickets.enums import IntakeChannel, Priority, ReplyChannel, RequestType
from cozum.tickets.filing import Filing, file_ticket
from tests.tickets.factories import INSTITUTION, PREFIX, category_without_department, create, department_id, operator
from tests.tickets.test_filing import rows

POTHOLE = "ROAD_POTHOLE"


@pytest.fixture
def terms_reads(engine: AsyncEngine) -> Iterator[list[str]]:
    """The statements that read a category's terms, as they reach the database."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("SELECT id, department_id, sla_hours"):
            seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine.sync_engine, "before_cursor_execute", record)


async def change_category(db: AsyncSession, code: str, assignments: str, **values: Any) -> None:
    await db.execute(text(f"UPDATE categories SET {assignments} WHERE code = :code"), {"code": code, **values})


def filing_on(terms: Terms) -> Filing:
    now = utcnow()
    return Filing(
        year=now.astimezone(ISTANBUL).year, prefix=PREFIX, secret_hash="x", tracking_seed="y", language=Language.TR,
        privacy_notice_version=None, request_type=RequestType.COMPLAINT, terms=terms,
        department_id=terms.department_id, contact_id=None, priority=terms.default_priority,
        channel=IntakeChannel.PHONE, channel_reference=None, idempotency_key=None, idempotency_fingerprint=None,
        reply_channel=ReplyChannel.NONE, title="Çukur", description="Yolda çukur var.", latitude=None,
        longitude=None, address=None, neighbourhood=None, due_at=None, legal_due_at=None, at=now,
    )


def number(reference: str) -> int:
    return int(reference.rsplit("-", 1)[1])


@pytest.mark.parametrize("code", [POTHOLE, "UNSORTED"])
async def test_a_remembered_category_is_not_read_again(db: AsyncSession, terms_reads: list[str], code: str) -> None:
    actor = await operator(db)
    if code == "UNSORTED":  # no directorate and no SLA: NULLs compare as equal terms
        await category_without_department(db, code)
        await change_category(db, code, "sla_hours = NULL")
    await create(db, actor, code)  # whatever an earlier test left remembered, it is checked
    terms_reads.clear()
    second, third = await create(db, actor, code), await create(db, actor, code)
    assert terms_reads == []
    assert number(third.reference) == number(second.reference) + 1


async def test_a_category_sent_outside_the_remit_since_it_was_remembered_forwards_its_tickets(
    db: AsyncSession,
) -> None:
    actor = await operator(db)
    await create(db, actor, POTHOLE)
    await change_category(db, POTHOLE, "remit = 'EXTERNAL', external_institution = :i", i=INSTITUTION)
    created = await create(db, actor, POTHOLE)
    [ticket] = await rows(db, "SELECT status, forwarded_to FROM tickets WHERE id = :id", id=created.ticket_id)
    assert ticket == {"status": "FORWARDED", "forwarded_to": INSTITUTION}
    assert created.forwarded_to == INSTITUTION


async def test_terms_that_change_again_while_being_read_again_are_a_conflict(
    db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    actor = await operator(db)
    await create(db, actor, POTHOLE)
    await change_category(db, POTHOLE, "sla_hours = 7")
    real = intake.category_terms

    async def read_before_another_edit(session: AsyncSession, category_id: int, field: list[str]) -> Terms:
        terms = await real(session, category_id, field)
        await change_category(session, POTHOLE, "sla_hours = 9")  # as if committed just after the read
        return terms

    monkeypatch.setattr(intake, "category_terms", read_before_another_edit)
    [count] = await rows(db, "SELECT count(*) AS n FROM tickets")
    with pytest.raises(DomainError) as refused:
        await create(db, actor, POTHOLE)
    assert (refused.value.code, refused.value.field) == (UserErrorCode.VERSION_CONFLICT, ["category_id"])
    assert await rows(db, "SELECT count(*) AS n FROM tickets") == [count]


async def test_a_category_changed_since_it_was_remembered_files_on_its_new_terms(
    db: AsyncSession, terms_reads: list[str]
) -> None:
    actor = await operator(db)
    before = await create(db, actor, POTHOLE)
    zabita = await department_id(db, "ZABITA")
    await change_category(db, POTHOLE, "sla_hours = 5, default_priority = 'URGENT', department_id = :d", d=zabita)
    terms_reads.clear()

    after = await create(db, actor, POTHOLE)

    assert len(terms_reads) == 1  # read again once the filing statement found them changed
    [ticket] = await rows(db, "SELECT * FROM tickets WHERE id = :id", id=after.ticket_id)
    assert (ticket["priority"], ticket["department_id"]) == ("URGENT", zabita)
    due_at, _ = due_dates(ticket["created_at"], 5, IntakeChannel.PHONE, RequestType.COMPLAINT)
    assert ticket["due_at"] == due_at
    assert number(after.reference) == number(before.reference) + 1  # the refused attempt took no number


async def test_a_category_retired_since_it_was_remembered_is_refused_and_leaves_nothing(db: AsyncSession) -> None:
    actor = await operator(db)
    before = await create(db, actor, POTHOLE)
    [count] = await rows(db, "SELECT count(*) AS n FROM tickets")
    await change_category(db, POTHOLE, "active = false")

    with pytest.raises(DomainError) as refused:
        await create(db, actor, POTHOLE)

    assert (refused.value.code, refused.value.field) == (UserErrorCode.NOT_FOUND, ["category_id"])
    assert await rows(db, "SELECT count(*) AS n FROM tickets") == [count]
    await change_category(db, POTHOLE, "active = true")
    again = await create(db, actor, POTHOLE)
    assert number(again.reference) == number(before.reference) + 1


async def test_the_filing_statement_writes_nothing_on_terms_the_category_does_not_have(db: AsyncSession) -> None:
    actor = await operator(db)
    filed = await create(db, actor, POTHOLE)
    [category] = await rows(db, "SELECT category_id FROM tickets WHERE id = :id", id=filed.ticket_id)
    terms = await remembered_terms(db, category["category_id"], ["category_id"])
    counters = await rows(db, "SELECT * FROM ticket_counters")

    for stale in (
        Terms(terms.id, terms.department_id, (terms.sla_hours or 0) + 1, terms.default_priority, terms.remit, None),
        Terms(terms.id, terms.department_id, terms.sla_hours, Priority.LOW, terms.remit, None),
        Terms(terms.id, None, terms.sla_hours, terms.default_priority, terms.remit, None),
        Terms(terms.id, terms.department_id, terms.sla_hours, terms.default_priority, Remit.EXTERNAL, "Kurum"),
        Terms(terms.id, terms.department_id, terms.sla_hours, terms.default_priority, terms.remit, "Kurum"),
    ):
        assert await file_ticket(db, actor, filing_on(stale), last=True) is None
    assert await file_ticket(db, actor, filing_on(terms), last=True) is not None
    assert [c["last_value"] for c in await rows(db, "SELECT * FROM ticket_counters")] == [
        c["last_value"] + 1 for c in counters
    ]


async def test_on_terms_the_category_does_not_have_no_contact_row_is_written_either(db: AsyncSession) -> None:
    actor = await operator(db)
    filed = await create(db, actor, POTHOLE)
    [category] = await rows(db, "SELECT category_id FROM tickets WHERE id = :id", id=filed.ticket_id)
    terms = await remembered_terms(db, category["category_id"], ["category_id"])
    stale = dataclasses.replace(terms, sla_hours=(terms.sla_hours or 0) + 1)
    elif_kaya = ContactDetails(name="Elif Kaya", email="elif@example.org")

    refused = dataclasses.replace(filing_on(stale), contact=elif_kaya, reply_channel=ReplyChannel.EMAIL)
    assert await file_ticket(db, actor, refused, last=True) is None
    assert await rows(db, "SELECT count(*) AS n FROM contacts") == [{"n": 0}]

    kept = await file_ticket(db, actor, dataclasses.replace(refused, terms=terms), last=True)
    assert kept is not None
    [ticket] = await rows(db, "SELECT contact_id FROM tickets WHERE id = :id", id=kept.ticket_id)
    [contact] = await rows(db, "SELECT id, name, email, preferred_channel FROM contacts")
    assert contact == {"id": ticket["contact_id"], "name": "Elif Kaya", "email": "elif@example.org",
                       "preferred_channel": "EMAIL"}
    assert await rows(db, "SELECT kind FROM outbox WHERE ticket_id = :id", id=kept.ticket_id) == [{"kind": "RECEIVED"}]
