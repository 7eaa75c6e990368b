"""The inbound_events queue: claiming due calls with a lease, and writing how each ended.

As in the outbox (notifications/claim.py): rows are picked with FOR UPDATE SKIP LOCKED and held
by `locked_until` while they are worked on outside any transaction, and `attempts` is the
fencing token: only the claim holding the row's current attempt may finish it.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.whatsapp.models import InboundStatus


@dataclass(frozen=True)
class Claimed:
    id: int
    body: bytes
    attempts: int
    received_at: datetime


_CLAIM = text("""
WITH due AS (
    SELECT id FROM inbound_events
    WHERE status = 'PENDING' AND source = :source AND next_attempt_at <= now()
      AND (locked_until IS NULL OR locked_until < now())
    ORDER BY next_attempt_at, id
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
)
UPDATE inbound_events SET locked_until = now() + make_interval(secs => :lease), attempts = inbound_events.attempts + 1
FROM due WHERE inbound_events.id = due.id
RETURNING inbound_events.id, inbound_events.body, inbound_events.attempts, inbound_events.received_at
""")

NEXT_DUE = text("""
SELECT extract(epoch FROM least(
    min(next_attempt_at) FILTER (WHERE locked_until IS NULL OR locked_until < now()),
    min(locked_until) FILTER (WHERE locked_until >= now())) - now())
FROM inbound_events WHERE status = 'PENDING' AND source = :source
""")

# Taken first in the transaction that stores what the call brings, and held until it commits.
_HOLD = text("""
SELECT id FROM inbound_events WHERE id = :id AND attempts = :attempts AND status = 'PENDING' FOR UPDATE
""")

_FINISH = text("""
UPDATE inbound_events SET status = :status, processed_at = now(), locked_until = NULL, last_error = :reason
WHERE id = :id
""")

# Back after the delay, but never later than the give-up time, when the last try happens; a
# call still failing then is FAILED.
_RETRY = text("""
UPDATE inbound_events SET
    status = CASE WHEN now() >= received_at + make_interval(secs => :give_up) THEN 'FAILED' ELSE 'PENDING' END,
    next_attempt_at = LEAST(now() + make_interval(secs => :delay), received_at + make_interval(secs => :give_up)),
    last_error = :error, locked_until = NULL
WHERE id = :id AND attempts = :attempts AND status = 'PENDING'
RETURNING status
""")


async def claim(session: AsyncSession, source: str, limit: int, lease: float) -> list[Claimed]:
    found = await session.execute(_CLAIM, {"source": source, "limit": limit, "lease": lease})
    return [Claimed(row.id, bytes(row.body), row.attempts, row.received_at) for row in found]


async def hold(session: AsyncSession, item: Claimed) -> bool:
    """False: the lease ran out and another claim has the call now; this one must not finish it."""
    return (await session.execute(_HOLD, {"id": item.id, "attempts": item.attempts})).first() is not None


async def finish(session: AsyncSession, item: Claimed, status: InboundStatus, reason: str | None) -> None:
    await session.execute(_FINISH, {"id": item.id, "status": status.value, "reason": reason})


async def retry(
    session: AsyncSession, item: Claimed, error: str, delay: float, give_up_seconds: float
) -> InboundStatus | None:
    params = {"id": item.id, "attempts": item.attempts, "error": error, "delay": delay, "give_up": give_up_seconds}
    status = (await session.execute(_RETRY, params)).scalar_one_or_none()
    return InboundStatus(status) if status is not None else None
