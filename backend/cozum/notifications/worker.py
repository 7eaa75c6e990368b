"""The outbox worker: claims due messages, sends a few at once, records every outcome.

In-process by default (app.py starts one in the lifespan), or `cozum worker` as a process of its
own; any number side by side (see claim.py). The loop itself is kit/claim_loop.py's.
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.db import SessionMaker, asyncpg_dsn, create_engine, create_sessionmaker, transaction
from cozum.kit.claim_loop import POLL_SECONDS, ClaimLoop
from cozum.kit.time import utcnow
from cozum.notifications.backoff import retry_delay
from cozum.notifications.claim import Claim, claim
from cozum.notifications.compose import Undeliverable, compose
from cozum.notifications.models import OutboxStatus
from cozum.notifications.outcomes import Outcome
from cozum.notifications.recorder import Recorder
from cozum.notifications.senders.base import Outgoing, SendFailed
from cozum.notifications.senders.registry import REQUIRED_SETTINGS, Senders, senders_from
from cozum.notifications.templates import Stored, stored_templates

log = logging.getLogger(__name__)
CHANNEL = "outbox"  # NOTIFYed by a trigger on every insert (see the 2026-12-02-1826 migration)

# When the next claim could find something: a retry coming due or a lease running out. A row
# waiting behind an earlier one of its ticket is not counted (that one's outcome wakes the loop).
_NEXT_DUE = text("""
SELECT extract(epoch FROM least(
    min(next_attempt_at) FILTER (WHERE locked_until IS NULL OR locked_until < now()),
    min(locked_until) FILTER (WHERE locked_until >= now())) - now())
FROM outbox
WHERE status = 'PENDING'
  AND NOT EXISTS (SELECT 1 FROM outbox earlier
                  WHERE earlier.ticket_id = outbox.ticket_id AND earlier.id < outbox.id AND earlier.status = 'PENDING')
""")


@dataclass(frozen=True)
class Recorded:
    """What one try came to, for observers (tests, the benchmark)."""

    outbox_id: int
    attempt: int
    status: OutboxStatus | None  # None: another claim held the row by then
    error: str | None


class Worker(ClaimLoop[tuple[Claim, Stored]]):
    name = "outbox worker"

    def __init__(
        self, settings: Settings, sessionmaker: SessionMaker, dsn: str, *,
        senders: Senders | None = None, concurrency: int | None = None, lease_seconds: float | None = None,
        poll_seconds: float = POLL_SECONDS, on_recorded: Callable[[Recorded], None] | None = None,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.lease = lease_seconds or settings.outbox_lease_seconds
        # A send must end well inside its lease, or another worker would take the row mid-send.
        self.send_timeout = min(30.0, self.lease / 3)
        super().__init__(
            dsn, CHANNEL, concurrency=concurrency or settings.outbox_concurrency,
            work_timeout=self.send_timeout, poll_seconds=poll_seconds,
        )
        self.senders = senders if senders is not None else senders_from(settings, self.send_timeout)
        self.on_recorded = on_recorded
        self._engine = engine  # owned: disposed at stop
        self._recorder = Recorder(sessionmaker, settings.outbox_give_up_hours * 3600, self._recorded)

    @classmethod
    def for_database(
        cls, database_url: str, settings: Settings, *, concurrency: int | None = None, **options: Any
    ) -> "Worker":
        """A worker with an engine of its own: its few connections never compete with requests'."""
        # Sends hold no connection; only claims and the outcome transactions do.
        engine = create_engine(database_url, pool_size=2)
        return cls(settings, create_sessionmaker(engine), asyncpg_dsn(database_url), engine=engine,
                   concurrency=concurrency, **options)

    async def start(self) -> None:
        self._recorder.start()
        await super().start()

    async def stop(self) -> None:
        await super().stop()
        await self._recorder.stop()
        await self.senders.close()
        if self._engine is not None:
            await self._engine.dispose()

    async def claim(self, limit: int) -> list[tuple[Claim, Stored]]:
        async with transaction(self.sessionmaker) as session:
            claimed = await claim(session, limit, self.lease)
            stored = await stored_templates(session) if claimed else {}
        return [(item, stored) for item in claimed]

    def describe(self, item: tuple[Claim, Stored]) -> str:
        return f"message {item[0].row.id}"

    async def until_due(self) -> float | None:
        async with self.sessionmaker() as session:
            seconds = (await session.execute(_NEXT_DUE)).scalar_one_or_none()
        return None if seconds is None else float(seconds)

    async def work(self, item: tuple[Claim, Stored]) -> None:
        outcome = await self._send(*item)
        await self._recorder.add(outcome)
        # The row is free again (a retry may be due), or the ticket's next message is: the
        # loop wakes when this returns.

    async def _send(self, claim: Claim, stored: Stored) -> Outcome:
        try:
            message = compose(self.settings, stored, claim.row, claim.ticket, claim.contact, claim.department, utcnow())
        except Undeliverable as problem:
            return self._failed(claim, f"not sent: {problem}", permanent=True)
        sender = self.senders.get(claim.row.channel)
        if sender is None:
            channel = claim.row.channel
            return self._failed(claim, f"{channel.value} is not configured (set {REQUIRED_SETTINGS[channel]})")
        try:
            async with asyncio.timeout(self.send_timeout):
                result = await sender.send(message)
            return Outcome(claim, provider_id=result.provider_id, body=result.sent_body or message.body)
        except SendFailed as failed:
            return self._failed(claim, _without_address(failed.error, message), permanent=failed.permanent)
        except TimeoutError:
            return self._failed(claim, f"no answer within {self.send_timeout:g} s")
        except Exception as error:  # noqa: BLE001 — a sender's bug is a failed try, not a dead worker
            return self._failed(claim, _without_address(f"{type(error).__name__}: {error}", message))

    def _failed(self, claim: Claim, error: str, *, permanent: bool = False) -> Outcome:
        s = self.settings
        delay = retry_delay(claim.row.attempts, s.outbox_retry_base_seconds, s.outbox_retry_max_seconds)
        return Outcome(claim, error=error, permanent=permanent, delay=delay)

    def _recorded(self, outcome: Outcome, status: OutboxStatus | None) -> None:
        row = outcome.claim.row
        if status is OutboxStatus.GAVE_UP:
            log.warning("outbox: gave up on message %s after %s tries: %s", row.id, row.attempts, outcome.error)
        if self.on_recorded is not None:
            self.on_recorded(Recorded(row.id, row.attempts, status, outcome.error))


def _without_address(error: str, message: Outgoing) -> str:
    """Providers quote the address they refused; staff read this error on the ticket, where the
    contact is masked and revealing it is audited, so the address is taken out."""
    for address in sorted({message.to, message.to.lstrip("+")}, key=len, reverse=True):
        error = error.replace(address, "<recipient>")
    return error
