"""Recording how a try went: the delivery (delivered, another try, or given up) and its attempt,
in one transaction. The delivery's update is fenced by the claim's attempt number."""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.notifications.models import OutboxStatus
from cozum.webhooks.claim import Claimed

ERROR_MAX = 1000  # what a receiver's answer may put in the log


@dataclass(frozen=True)
class Outcome:
    status_code: int | None = None
    error: str | None = None  # None: delivered
    delay: float = 0.0  # seconds until the next try, if there is one

    @property
    def delivered(self) -> bool:
        return self.error is None


_DELIVERED = text("""
UPDATE webhook_deliveries SET status = 'SENT', delivered_at = now(), last_status_code = :code,
                              last_error = NULL, locked_until = NULL
WHERE id = :id AND attempts = :attempt AND status = 'PENDING'
RETURNING status
""")

# The next try after the back-off, but never after the give-up time, so the last try is then.
_FAILED = text("""
UPDATE webhook_deliveries SET
    status = CASE WHEN v.over THEN 'GAVE_UP' ELSE 'PENDING' END,
    gave_up_at = CASE WHEN v.over THEN now() END,
    next_attempt_at = CASE WHEN v.over THEN webhook_deliveries.next_attempt_at
        ELSE LEAST(now() + make_interval(secs => :delay), v.queued_at + make_interval(secs => :give_up)) END,
    last_status_code = :code, last_error = :error, locked_until = NULL
FROM (SELECT queued_at, now() >= queued_at + make_interval(secs => :give_up) AS over
      FROM webhook_deliveries WHERE id = :id) AS v
WHERE id = :id AND attempts = :attempt AND status = 'PENDING'
RETURNING status
""")

_ATTEMPT = text("""
UPDATE webhook_attempts SET status_code = :code, error = :error, finished_at = now()
WHERE delivery_id = :id AND number = :attempt
""")


async def record(session: AsyncSession, item: Claimed, outcome: Outcome, give_up_seconds: float) -> OutboxStatus | None:
    """The delivery's status afterwards; None when another claim holds it by now."""
    error = outcome.error[:ERROR_MAX] if outcome.error else None
    params = {"id": item.id, "attempt": item.attempt, "code": outcome.status_code, "error": error}
    if outcome.delivered:
        found = await session.execute(_DELIVERED, params)
    else:
        found = await session.execute(_FAILED, {**params, "delay": outcome.delay, "give_up": give_up_seconds})
    status = found.scalar_one_or_none()
    await session.execute(_ATTEMPT, params)
    return OutboxStatus(status) if status else None
