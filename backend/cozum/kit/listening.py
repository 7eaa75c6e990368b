"""A LISTEN connection that comes back by itself after PostgreSQL does.

NOTIFY is a hint, the tables are the truth: whoever listens reads what it missed when told it
(re)connected, so a lost connection costs latency, never an event.
"""

import asyncio
import contextlib
import logging
from collections.abc import Callable, Mapping
from typing import Any

import asyncpg

log = logging.getLogger(__name__)


class Listening:
    def __init__(
        self, dsn: str, channels: Mapping[str, Callable[[str], None]], on_connect: Callable[[], None], *,
        name: str, health_check: float, max_delay: float,
    ) -> None:
        self.dsn = dsn
        self.channels = channels  # channel → called with each notification's payload
        self.on_connect = on_connect
        self.name = name
        self.health_check = health_check
        self.max_delay = max_delay
        self.connected = asyncio.Event()
        self.reconnects = 0
        self._was_connected = False
        self._task: asyncio.Task[None] | None = None
        self._connection: Any = None
        self.pid: int | None = None  # the listening backend's, while connected
        self._lock = asyncio.Lock()  # one statement at a time on the connection

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)
        # Serve even if the database is down at start: the loop keeps trying.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.connected.wait(), 5)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def execute(self, query: str, *args: Any) -> None:
        """A statement on the listening connection, such as an answer to what it heard;
        lost if the connection is."""
        connection = self._connection
        if connection is None:
            return
        async with self._lock:
            await connection.execute(query, *args)

    async def _run(self) -> None:
        delay = 0.1
        while True:
            try:
                await self._listen()
                delay = 0.1
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
                log.warning("%s lost PostgreSQL (%s); retrying in %.1fs", self.name, error, delay)
            self.connected.clear()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_delay)

    async def _listen(self) -> None:
        connection: Any = await asyncpg.connect(self.dsn)
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _: lost.set())
        try:
            for channel, handler in self.channels.items():
                await connection.add_listener(channel, lambda *args, handler=handler: handler(args[-1]))
            if self._was_connected:
                self.reconnects += 1
            self._was_connected = True
            self._connection, self.pid = connection, connection.get_server_pid()
            self.connected.set()
            self.on_connect()  # what was committed while nobody listened is read from the table
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), self.health_check)
                if not lost.is_set():
                    async with self._lock:
                        await connection.fetchval("SELECT 1")
        finally:
            # Not trusted from here on: what is announced now may go unheard.
            self.connected.clear()
            self._connection = self.pid = None
            with contextlib.suppress(Exception):
                await connection.close(timeout=1)
