"""A local SMTP server for the submissions that ask for an answer by e-mail: each one's RECEIVED
notice goes through Çözüm's outbox and its in-process worker to here, and the run says how many
of the notices its rounds queued arrived while they ran or within a grace period after."""

import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import httpx
from fanout_server import free_port
from outbox_load import Receivers

from readpath.round_end import RoundEnd
from readpath.targets import BENCH, ROOT

GRACE_SECONDS = 30  # the worker drains what a saturated round queued after it


@dataclass
class Mailed:
    received: int = 0
    expected: int = 0  # outbox rows the rounds queued
    late: float = 0.0  # seconds after a round's end until its last notice arrived (the worst round)


class MailSink:
    """The receivers process of the outbox benchmark (SMTP and an SMS gateway), for one run."""

    def __init__(self) -> None:
        self.smtp_port, self.http_port = free_port(), free_port()
        self.process = subprocess.Popen(
            [sys.executable, str(BENCH / "outbox_receivers.py"), str(self.smtp_port), str(self.http_port)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.receivers = Receivers(self.http_port)

    @property
    def smtp_url(self) -> str:
        return f"smtp://127.0.0.1:{self.smtp_port}"

    async def ready(self) -> None:
        for _ in range(100):
            try:
                await self.receivers.reset()
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
        raise RuntimeError("the SMTP sink did not start")

    async def count(self) -> int:
        return int((await self.receivers.client.get(f"{self.receivers.base}/count")).json())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


async def _drained(conn: asyncpg.Connection) -> None:
    """What earlier rounds (the warm-up's included) queued is sent before a round starts."""
    deadline = time.monotonic() + GRACE_SECONDS
    pending = "SELECT count(*) FROM outbox WHERE status = 'PENDING'"
    # Another process's rows: nothing here to await but the count.
    while await conn.fetchval(pending) and time.monotonic() < deadline:  # noqa: ASYNC110
        await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def mailing(sink: MailSink, conn: asyncpg.Connection, tally: Mailed, end: RoundEnd) -> AsyncIterator[None]:
    """Counts the notices queued in the block and waits (up to GRACE_SECONDS after `end`, which the
    caller marks as the load stops) for them at the sink."""
    await _drained(conn)
    await sink.receivers.reset()
    first = await conn.fetchval("SELECT coalesce(max(id), 0) FROM outbox")
    yield
    keys = {row["idempotency_key"] for row in await conn.fetch(
        "SELECT idempotency_key FROM outbox WHERE id > $1", first)}
    # Polled by count (cheap), then by key: a notice of an earlier round may still arrive after the reset.
    while time.monotonic() < end.monotonic + GRACE_SECONDS:
        if await sink.count() >= len(keys) and keys <= set(await sink.receivers.arrivals()):
            break
        await asyncio.sleep(0.25)
    tally.late = max(tally.late, time.monotonic() - end.monotonic)
    tally.received += len(keys & set(await sink.receivers.arrivals()))
    tally.expected += len(keys)
