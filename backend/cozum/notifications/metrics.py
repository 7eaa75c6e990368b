"""The outbox's figures for /metrics, read from the tables when scraped: every process (server
replicas, `cozum worker`s) sees the same numbers, whichever of them sent what."""

import logging
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.notifications.outbox import SENDABLE

log = logging.getLogger(__name__)
CHANNELS = sorted(channel.value for channel in SENDABLE)

_PENDING = text("""
SELECT channel, count(*) FILTER (WHERE status = 'PENDING') AS pending,
       count(*) FILTER (WHERE status = 'GAVE_UP') AS gave_up,
       extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'PENDING')) AS oldest
FROM outbox WHERE status <> 'SENT' GROUP BY channel
""")
# Every attempt ever made: a scan of delivery_attempts (one row per try). Fine for years of a
# municipality's messages; should it ever not be, the figures become counters kept per worker.
_ATTEMPTS = text("""
SELECT o.channel, count(*) AS attempts, count(*) FILTER (WHERE a.outcome = 'FAILED') AS failures
FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id GROUP BY o.channel
""")


class OutboxCollector:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._figures: dict[str, dict[str, float]] | None = None

    async def refresh(self) -> None:
        """Before each scrape (collectors are synchronous); without the database, no figures."""
        try:
            async with self.engine.connect() as connection:
                pending = (await connection.execute(_PENDING)).mappings().all()
                attempts = (await connection.execute(_ATTEMPTS)).mappings().all()
        except (OSError, SQLAlchemyError) as error:
            log.warning("outbox metrics unavailable: %s", error)
            self._figures = None
            return
        figures: dict[str, dict[str, float]] = {c: {"pending": 0, "gave_up": 0, "attempts": 0, "failures": 0}
                                                for c in CHANNELS}
        oldest = 0.0
        for row in pending:
            figures.setdefault(row["channel"], {}).update(pending=row["pending"], gave_up=row["gave_up"])
            oldest = max(oldest, float(row["oldest"] or 0))
        for row in attempts:
            figures.setdefault(row["channel"], {}).update(attempts=row["attempts"], failures=row["failures"])
        self._figures = {**figures, "": {"oldest": oldest}}

    def collect(self) -> Iterator[Metric]:
        if self._figures is None:
            return
        channels = {c: f for c, f in self._figures.items() if c}
        pending = GaugeMetricFamily("cozum_outbox_pending", "Messages waiting to be sent.", labels=["channel"])
        attempts = CounterMetricFamily("cozum_outbox_attempts", "Tries to send a message.", labels=["channel"])
        failures = CounterMetricFamily("cozum_outbox_failures", "Tries that failed.", labels=["channel"])
        for channel, figures in sorted(channels.items()):
            pending.add_metric([channel], figures.get("pending", 0))
            attempts.add_metric([channel], figures.get("attempts", 0))
            failures.add_metric([channel], figures.get("failures", 0))
        yield pending
        yield GaugeMetricFamily(
            "cozum_outbox_oldest_pending_seconds", "Age of the oldest message still waiting (0: none).",
            self._figures[""]["oldest"],
        )
        yield attempts
        yield failures
        yield GaugeMetricFamily(
            "cozum_outbox_gave_up", "Messages the outbox gave up on (staff were told on the ticket).",
            sum(f.get("gave_up", 0) for f in channels.values()),
        )
