"""Recording how sends went: the outbox rows, their attempts and the tickets' timeline entries,
for a batch of messages in one transaction (under load, sends finish faster than transactions
commit; one commit for all that finished meanwhile keeps up).

Each row's write is fenced by its claim's attempt number: a worker whose lease ran out, and whose
row another worker has claimed since, records its attempt and nothing else.
"""

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import SYSTEM
from cozum.notifications.claim import Claim
from cozum.notifications.models import OutboxStatus
from cozum.tickets.events import notification_failed_event, notification_sent_event


@dataclass(frozen=True)
class Outcome:
    claim: Claim
    provider_id: str | None = None
    body: str | None = None  # what was sent, when it was
    error: str | None = None  # None: sent
    permanent: bool = False
    delay: float = 0.0  # seconds until the next try, if there is one

    @property
    def sent(self) -> bool:
        return self.error is None


_SENT = text("""
UPDATE outbox SET status = 'SENT', sent_at = now(), provider_message_id = v.provider_id, sent_body = v.body,
                  locked_until = NULL, last_error = NULL
FROM unnest(CAST(:ids AS bigint[]), CAST(:attempts AS integer[]), CAST(:provider_ids AS text[]),
            CAST(:bodies AS text[])) AS v(id, attempts, provider_id, body)
WHERE outbox.id = v.id AND outbox.attempts = v.attempts AND outbox.status = 'PENDING'
RETURNING outbox.id
""")

# Gives up when the failure is permanent or the row is older than the give-up time; otherwise
# the next try comes after the back-off, but never later than the give-up time itself, so the
# last try happens then (and not up to an hour after it).
_FAILED = text("""
UPDATE outbox SET
    status = CASE WHEN v.over THEN 'GAVE_UP' ELSE 'PENDING' END,
    gave_up_at = CASE WHEN v.over THEN now() END,
    next_attempt_at = CASE WHEN v.over THEN outbox.next_attempt_at
        ELSE LEAST(now() + make_interval(secs => v.delay), outbox.created_at + make_interval(secs => :give_up)) END,
    last_error = v.error, locked_until = NULL
FROM (SELECT u.*, u.permanent OR now() >= o.created_at + make_interval(secs => :give_up) AS over
      FROM unnest(CAST(:ids AS bigint[]), CAST(:attempts AS integer[]), CAST(:errors AS text[]),
                  CAST(:permanent AS boolean[]), CAST(:delays AS float8[]))
           AS u(id, attempts, error, permanent, delay)
      JOIN outbox o ON o.id = u.id) AS v
WHERE outbox.id = v.id AND outbox.attempts = v.attempts AND outbox.status = 'PENDING'
RETURNING outbox.id, outbox.status
""")

# Unfenced: the attempt is its claim's own, and what that claim observed is the truth even if
# a reclaim has meanwhile marked it "worker stopped".
_ATTEMPTS = text("""
UPDATE delivery_attempts SET outcome = v.outcome, error = v.error, provider_message_id = v.provider_id,
                             finished_at = now()
FROM unnest(CAST(:ids AS bigint[]), CAST(:outcomes AS text[]), CAST(:errors AS text[]),
            CAST(:provider_ids AS text[])) AS v(id, outcome, error, provider_id)
WHERE delivery_attempts.id = v.id
""")

# A provider's receipt can overtake the answer to the send itself (Meta's "sent" arrives while
# the attempt waits for this commit): kept unmatched then, it finds its attempt now.
_EARLY_RECEIPTS = text("""
UPDATE delivery_receipts SET attempt_id = a.id, outbox_id = a.outbox_id
FROM delivery_attempts a
WHERE a.id = ANY(CAST(:ids AS bigint[])) AND delivery_receipts.provider_message_id = a.provider_message_id
  AND delivery_receipts.outbox_id IS NULL
""")


async def record(session: AsyncSession, outcomes: list[Outcome], give_up_seconds: float) -> dict[int, OutboxStatus]:
    """Each row's status afterwards (SENT, PENDING for another try, GAVE_UP); a row another
    claim holds now is left out."""
    sent = [o for o in outcomes if o.sent]
    failed = [o for o in outcomes if not o.sent]
    statuses: dict[int, OutboxStatus] = {}
    if sent:
        found = await session.execute(_SENT, {
            "ids": [o.claim.row.id for o in sent], "attempts": [o.claim.row.attempts for o in sent],
            "provider_ids": [o.provider_id for o in sent], "bodies": [o.body for o in sent],
        })
        statuses.update((row_id, OutboxStatus.SENT) for row_id in found.scalars())
    if failed:
        found = await session.execute(_FAILED, {
            "ids": [o.claim.row.id for o in failed], "attempts": [o.claim.row.attempts for o in failed],
            "errors": [o.error for o in failed], "permanent": [o.permanent for o in failed],
            "delays": [o.delay for o in failed], "give_up": give_up_seconds,
        })
        statuses.update((row_id, OutboxStatus(status)) for row_id, status in found.all())
    await session.execute(_ATTEMPTS, {
        "ids": [o.claim.attempt_id for o in outcomes], "outcomes": ["SENT" if o.sent else "FAILED" for o in outcomes],
        "errors": [o.error for o in outcomes], "provider_ids": [o.provider_id for o in outcomes],
    })
    if sent:
        await session.execute(_EARLY_RECEIPTS, {"ids": [o.claim.attempt_id for o in sent if o.provider_id]})
    for outcome in outcomes:
        _timeline(session, outcome, statuses.get(outcome.claim.row.id))
    await session.flush()
    return statuses


def _timeline(session: AsyncSession, outcome: Outcome, status: OutboxStatus | None) -> None:
    row, ticket = outcome.claim.row, outcome.claim.ticket
    if status is OutboxStatus.SENT:
        notification_sent_event(session, ticket, SYSTEM, row.id, row.kind.value, row.channel.value, row.attempts)
    elif status is OutboxStatus.GAVE_UP:
        assert outcome.error is not None
        notification_failed_event(
            session, ticket, SYSTEM, row.id, row.kind.value, row.channel.value, row.attempts, outcome.error
        )
