"""The worker's LISTEN connection on `outbox`: a wake-up within milliseconds of each commit
that wrote a message. Only a hint — the table is the truth — so a lost connection costs
nothing but latency: the poll covers the gap and a reconnect wakes the worker once."""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

log = logging.getLogger(__name__)
CHANNEL = "outbox"
HEALTH_CHECK = 5.0


class Wakeup:
    def __init__(self, dsn: str, wake: Callable[[], None]) -> None:
        self.dsn = dsn
        self.wake = wake
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-listener")
        with contextlib.suppress(TimeoutError):  # a database down at start: keep trying, poll meanwhile
            await asyncio.wait_for(self.connected.wait(), 5)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        delay = 0.1
        while True:
            try:
                await self._listen()
                delay = 0.1
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("outbox listener lost PostgreSQL (%s); retrying in %.1fs", error, delay)
            self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    async def _listen(self) -> None:
        connection: Any = await asyncpg.connect(self.dsn)
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        try:
            await connection.add_listener(CHANNEL, lambda *_: self.wake())
            self.connected.set()
            self.wake()  # rows committed while nobody listened
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), HEALTH_CHECK)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1")
        finally:
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)
