"""The webhook dispatcher: claims due deliveries, POSTs each, signed, and records how it went.

Runs where the outbox worker runs (workers.py): in the app by default, or in `cozum worker`.
A 2xx answer delivers; anything else (another status, a redirect, no answer in time, a refused
destination) is tried again with back-off until `webhook_give_up_hours` after it was queued.
A delivery the endpoint may no longer receive when it comes due is given up untried (claim.py).
"""

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.db import SessionMaker, asyncpg_dsn, create_engine, create_sessionmaker, transaction
from cozum.kit.claim_loop import POLL_SECONDS, ClaimLoop
from cozum.kit.time import utcnow
from cozum.notifications.backoff import retry_delay
from cozum.notifications.models import OutboxStatus
from cozum.webhooks.claim import Claimed, Withheld, claim
from cozum.webhooks.destinations import Refused, resolve
from cozum.webhooks.outcomes import Outcome, record
from cozum.webhooks.wire import headers_for, start_of

log = logging.getLogger(__name__)
CHANNEL = "webhooks"  # NOTIFYed by a trigger on every insert into webhook_deliveries
CONCURRENCY = 8

_NEXT_DUE = text("""
SELECT extract(epoch FROM least(
    min(next_attempt_at) FILTER (WHERE locked_until IS NULL OR locked_until < now()),
    min(locked_until) FILTER (WHERE locked_until >= now())) - now())
FROM webhook_deliveries WHERE status = 'PENDING'
""")


@dataclass(frozen=True)
class Recorded:
    """What one try came to, or a delivery withheld without one, for observers (tests)."""

    delivery_id: str
    attempt: int
    status: OutboxStatus | None  # None: another claim held the row by then
    status_code: int | None
    error: str | None


class Dispatcher(ClaimLoop[Claimed]):
    name = "webhook dispatcher"

    def __init__(
        self, settings: Settings, sessionmaker: SessionMaker, dsn: str, *, concurrency: int = CONCURRENCY,
        poll_seconds: float = POLL_SECONDS, on_recorded: Callable[[Recorded], None] | None = None,
        engine: AsyncEngine | None = None,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.timeout = settings.webhook_timeout_seconds
        self.lease = 3 * self.timeout + 30  # a send ends well inside it, or another dispatcher would send too
        super().__init__(dsn, CHANNEL, concurrency=concurrency, work_timeout=self.timeout, poll_seconds=poll_seconds)
        self.on_recorded = on_recorded
        self._engine = engine  # owned: disposed at stop
        # No proxies from the environment: the request must go to the address that was checked.
        self.http = httpx.AsyncClient(timeout=self.timeout, follow_redirects=False, trust_env=False)

    @classmethod
    def for_database(cls, database_url: str, settings: Settings, **options: Any) -> "Dispatcher":
        engine = create_engine(database_url, pool_size=2)
        return cls(settings, create_sessionmaker(engine), asyncpg_dsn(database_url), engine=engine, **options)

    async def stop(self) -> None:
        await super().stop()
        await self.http.aclose()
        if self._engine is not None:
            await self._engine.dispose()

    async def claim(self, limit: int) -> list[Claimed]:
        async with transaction(self.sessionmaker) as session:
            claimed, withheld = await claim(session, limit, self.lease)
        for item in withheld:
            self._withheld(item)
        return claimed

    def _withheld(self, item: Withheld) -> None:
        log.info("webhooks: delivery %s %s", item.delivery_id, item.reason)
        if self.on_recorded is not None:
            self.on_recorded(Recorded(item.delivery_id, item.attempts, OutboxStatus.GAVE_UP, None, item.reason))

    def describe(self, item: Claimed) -> str:
        return f"delivery {item.delivery_id}"

    async def until_due(self) -> float | None:
        async with self.sessionmaker() as session:
            seconds = (await session.execute(_NEXT_DUE)).scalar_one_or_none()
        return None if seconds is None else float(seconds)

    async def work(self, item: Claimed) -> None:
        outcome = await self._send(item)
        give_up = self.settings.webhook_give_up_hours * 3600
        async with transaction(self.sessionmaker) as session:
            status = await record(session, item, outcome, give_up)
        if status is OutboxStatus.GAVE_UP:
            log.warning("webhooks: gave up on delivery %s after %s tries: %s",
                        item.delivery_id, item.attempt, outcome.error)
        if self.on_recorded is not None:
            self.on_recorded(Recorded(item.delivery_id, item.attempt, status, outcome.status_code, outcome.error))

    async def _send(self, item: Claimed) -> Outcome:
        try:
            async with asyncio.timeout(self.timeout):
                return await self._post(item)
        except Refused as refused:
            return self._failed(None, str(refused), item)
        except TimeoutError:
            return self._failed(None, f"no answer within {self.timeout:g} s", item)
        except httpx.HTTPError as error:
            return self._failed(None, f"{type(error).__name__}: {error}", item)

    async def _post(self, item: Claimed) -> Outcome:
        target = await resolve(item.url, allow_private=self.settings.webhooks_reach_private)
        extensions = {"sni_hostname": target.server_name} if target.url.scheme == "https" else {}
        headers = headers_for(item, target.host_header, utcnow())
        request = self.http.build_request("POST", target.url, content=item.body, headers=headers, extensions=extensions)
        response = await self.http.send(request, stream=True)
        try:
            if response.is_success:
                return Outcome(status_code=response.status_code)
            answer = await start_of(response)
        finally:
            await response.aclose()
        error = f"HTTP {response.status_code}: {answer}" if answer else f"HTTP {response.status_code}"
        return self._failed(response.status_code, error, item)

    def _failed(self, status_code: int | None, error: str, item: Claimed) -> Outcome:
        s = self.settings
        delay = retry_delay(item.attempt, s.webhook_retry_base_seconds, s.webhook_retry_max_seconds)
        return Outcome(status_code=status_code, error=error, delay=delay)
