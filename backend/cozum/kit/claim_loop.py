"""The loop every background queue runs on: the outbox, inbound webhook calls, outgoing webhooks.

A queue is a table whose due rows are claimed with FOR UPDATE SKIP LOCKED and a lease, in a
short transaction; each claimed item is then worked on in a task of its own, outside any
transaction, at most `concurrency` at once. A trigger NOTIFYs the queue's channel on insert, so
the loop wakes within milliseconds of a commit; a poll covers retries coming due, leases running
out and a lost LISTEN connection. Any number of loops of one queue may run side by side (in the
app's processes and in `cozum worker`): the claim keeps them apart.
"""

import asyncio
import contextlib
import logging
from typing import Generic, TypeVar

from cozum.kit.listening import Listening

log = logging.getLogger(__name__)
Item = TypeVar("Item")
POLL_SECONDS = 5.0


class ClaimLoop(Generic[Item]):
    """Subclasses say how to claim (`claim`), what to do with an item (`work`) and when the next
    row comes due (`until_due`); this runs them."""

    name = "queue"

    def __init__(
        self, dsn: str, channel: str, *, concurrency: int, work_timeout: float, poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.concurrency = concurrency
        self.work_timeout = work_timeout  # how long `stop` waits for the work under way
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._wakeup = Listening(
            dsn, {channel: lambda _: self._wake.set()}, self._wake.set,
            name=f"{self.name} listener", health_check=5.0, max_delay=5.0,
        )
        self._busy = 0  # items under way: what `concurrency` bounds
        self._tasks: set[asyncio.Task[None]] = set()
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    async def claim(self, limit: int) -> list[Item]:
        raise NotImplementedError

    async def work(self, item: Item) -> None:
        """Must not raise for an expected failure; an unexpected one is logged and the lease
        brings the row back."""
        raise NotImplementedError

    async def until_due(self) -> float | None:
        """Seconds until a claim could find something (None: nothing is waiting)."""
        raise NotImplementedError

    def describe(self, item: Item) -> str:
        return repr(item)

    async def start(self) -> None:
        await self._wakeup.start()
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        """Claims nothing more and lets the work under way finish (each item is bounded)."""
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            await self._task
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=self.work_timeout + 10)
        for task in list(self._tasks):  # still not done after all that: the lease will run out
            task.cancel()
        await self._wakeup.stop()

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        failures = 0
        while not self._stopping:
            self._wake.clear()  # before the claim: a NOTIFY during it wakes the next round
            free = self.concurrency - self._busy
            try:
                claimed = await self._claim(free) if free > 0 else []
                if len(claimed) == free and free > 0:
                    continue  # a full batch: there may be more due at once
                wait = self.poll_seconds if free == 0 else await self._wait_for_due()
                failures = 0
            except Exception:  # the database gone, or a bug: the loop must outlive either
                failures += 1
                wait = min(self.poll_seconds, 0.1 * 2**failures)
                log.exception("%s: cannot claim; again in %.1fs", self.name, wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), wait)

    async def _claim(self, limit: int) -> list[Item]:
        claimed = await self.claim(limit)
        for item in claimed:
            self._busy += 1
            task = asyncio.create_task(self._work(item), name=f"{self.name}: {self.describe(item)}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return claimed

    async def _wait_for_due(self) -> float:
        seconds = await self.until_due()
        if seconds is None:
            return self.poll_seconds
        return min(self.poll_seconds, max(0.0, seconds) + 0.005)

    async def _work(self, item: Item) -> None:
        try:
            await self.work(item)
        except Exception:  # a bug here must not stop the loop; the lease brings the row back
            log.exception("%s: %s failed", self.name, self.describe(item))
        finally:
            self._busy -= 1
            self._wake.set()  # a free slot, and perhaps a row free again
