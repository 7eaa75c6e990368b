"""Claiming due messages: a lease on each row and a SENDING attempt, in one short transaction.

Rows are picked with FOR UPDATE SKIP LOCKED, so workers side by side never pick the same row,
and held by `locked_until` (the lease) while the message is sent outside any transaction: no
connection or row lock is held across a provider's response time. A worker that dies mid-send
leaves its lease to run out; the next claim marks that attempt FAILED and sends again with the
same idempotency key. `attempts` doubles as a fencing token: an outcome is recorded only by the
claim that holds the row's current attempt (see outcomes.py).

A ticket's messages go out in the order of its changes: a row waits while an earlier one of the
same ticket is pending, so "resolved" never overtakes "received" (one slow or retried message
holds back the ones after it, to the same address and through the same channel anyway).
"""

from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.departments.models import Department
from cozum.kit.language import Language
from cozum.notifications.compose import Row
from cozum.notifications.models import NotificationKind
from cozum.tickets.enums import ReplyChannel
from cozum.tickets.models import Ticket

WORKER_STOPPED = "the worker stopped before it recorded the outcome; sent again with the same idempotency key"

# One statement: pick, lease, start an attempt per row, and close the attempt a dead worker left
# SENDING (only a row tried before can have one). Its parts share one snapshot, so the closing
# UPDATE cannot touch the attempts the INSERT starts.
_CLAIM = text("""
WITH due AS MATERIALIZED (
    SELECT id FROM outbox
    WHERE status = 'PENDING' AND next_attempt_at <= now()
      AND (locked_until IS NULL OR locked_until < now())
      AND NOT EXISTS (SELECT 1 FROM outbox earlier
                      WHERE earlier.ticket_id = outbox.ticket_id AND earlier.id < outbox.id
                        AND earlier.status = 'PENDING')
    ORDER BY next_attempt_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE outbox SET locked_until = now() + make_interval(secs => :lease), attempts = outbox.attempts + 1
    FROM due WHERE outbox.id = due.id
    RETURNING outbox.id, outbox.ticket_id, outbox.kind, outbox.channel, outbox.language, outbox.data,
              outbox.idempotency_key, outbox.attempts, outbox.created_at
), stale AS (
    UPDATE delivery_attempts SET outcome = 'FAILED', error = :stopped, finished_at = now()
    WHERE outcome = 'SENDING' AND outbox_id IN (SELECT id FROM claimed WHERE attempts > 1)
), started AS (
    INSERT INTO delivery_attempts (outbox_id, number, outcome, started_at)
    SELECT id, attempts, 'SENDING', now() FROM claimed
    RETURNING id AS attempt_id, outbox_id
)
SELECT claimed.*, started.attempt_id FROM claimed JOIN started ON started.outbox_id = claimed.id
""")


@dataclass
class Claim:
    row: Row
    attempt_id: int
    ticket: Ticket
    contact: Contact | None
    department: Department | None


async def claim(session: AsyncSession, limit: int, lease_seconds: float) -> list[Claim]:
    params = {"limit": limit, "lease": lease_seconds, "stopped": WORKER_STOPPED}
    found = (await session.execute(_CLAIM, params)).mappings().all()
    rows = [
        Row(id=r["id"], ticket_id=r["ticket_id"], kind=NotificationKind(r["kind"]), channel=ReplyChannel(r["channel"]),
            language=Language(r["language"]), data=dict(r["data"] or {}), idempotency_key=r["idempotency_key"],
            attempts=r["attempts"], created_at=r["created_at"])
        for r in found
    ]
    if not rows:
        return []
    attempts = {r["id"]: r["attempt_id"] for r in found}
    context = await _tickets(session, {row.ticket_id for row in rows})
    return [Claim(row, attempts[row.id], *context[row.ticket_id]) for row in rows]


async def _tickets(
    session: AsyncSession, ticket_ids: set[int]
) -> dict[int, tuple[Ticket, Contact | None, Department | None]]:
    stmt = (
        select(Ticket, Contact, Department)
        .outerjoin(Contact, col(Contact.id) == col(Ticket.contact_id))
        .outerjoin(Department, col(Department.id) == col(Ticket.department_id))
        .where(col(Ticket.id).in_(ticket_ids))
    )
    return {ticket.id: (ticket, contact, department) for ticket, contact, department in await session.execute(stmt)
            if ticket.id is not None}
