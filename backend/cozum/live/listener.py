"""The process's one LISTEN connection, which comes back by itself after PostgreSQL does."""

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

import asyncpg

log = logging.getLogger(__name__)
CHANNEL = "ticket_events"
VIEWERS_CHANNEL = "ticket_viewers"
HEALTH_CHECK = 2.0


class Listener:
    def __init__(
        self, dsn: str, on_notify: Callable[[], None], on_reconnect: Callable[[], None],
        on_viewers: Callable[[str], None] | None = None,
    ) -> None:
        self.dsn = dsn
        self.on_notify = on_notify
        self.on_reconnect = on_reconnect
        self.on_viewers = on_viewers
        self.connected = asyncio.Event()
        self.reconnects = 0
        self._was_connected = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="live-listener")
        # Serve even if the database is down at start: the loop keeps trying.
        with contextlib.suppress(TimeoutError):
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
                log.warning("live listener lost PostgreSQL (%s); retrying in %.1fs", error, delay)
            self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 2.0)

    async def _listen(self) -> None:
        connection: Any = await asyncpg.connect(self.dsn)
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        try:
            await connection.add_listener(CHANNEL, lambda *_: self.on_notify())
            on_viewers = self.on_viewers
            if on_viewers is not None:
                # The payload is the ticket whose viewers changed.
                await connection.add_listener(VIEWERS_CHANNEL, lambda *args: on_viewers(args[-1]))
            if self._was_connected:
                self.reconnects += 1
            self._was_connected = True
            self.connected.set()
            # Anything committed while we were away is read from the table, not the channel.
            self.on_reconnect()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), HEALTH_CHECK)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1")
        finally:
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)
