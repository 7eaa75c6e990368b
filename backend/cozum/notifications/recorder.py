"""Writes the outcomes of sends in batches: whatever finished while the last batch committed
goes in the next transaction. An idle worker writes each outcome at once (no added delay)."""

import asyncio
import contextlib
import logging
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from cozum.db import SessionMaker, transaction
from cozum.notifications.models import OutboxStatus
from cozum.notifications.outcomes import Outcome, record

log = logging.getLogger(__name__)
BATCH = 200
TRIES = 3

OnRecorded = Callable[[Outcome, OutboxStatus | None], None]


class Recorder:
    def __init__(self, sessionmaker: SessionMaker, give_up_seconds: float, on_recorded: OnRecorded) -> None:
        self.sessionmaker = sessionmaker
        self.give_up_seconds = give_up_seconds
        self.on_recorded = on_recorded
        self._waiting: list[tuple[Outcome, asyncio.Future[None]]] = []
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-recorder")

    async def stop(self) -> None:
        """After the senders have stopped adding."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def add(self, outcome: Outcome) -> None:
        """Returns once the outcome is committed (or could not be: the lease then brings the row back)."""
        done = asyncio.get_running_loop().create_future()
        self._waiting.append((outcome, done))
        self._wake.set()
        await done

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self._waiting:
                batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
                await self._write(batch)

    async def _write(self, batch: list[tuple[Outcome, asyncio.Future[None]]]) -> None:
        try:
            statuses = await self._commit([outcome for outcome, _ in batch])
            if statuses is not None:
                for outcome, _ in batch:
                    self.on_recorded(outcome, statuses.get(outcome.claim.row.id))
        except Exception:  # a bug must not leave the senders waiting forever; the leases bring the rows back
            log.exception("outbox: recording %d outcomes failed", len(batch))
        finally:
            for _, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _commit(self, outcomes: list[Outcome]) -> dict[int, OutboxStatus] | None:
        for attempt in range(1, TRIES + 1):
            try:
                async with transaction(self.sessionmaker) as session:
                    return await record(session, outcomes, self.give_up_seconds)
            except (OSError, SQLAlchemyError) as error:
                # Sent but not recorded means sending again once the lease runs out: worth retrying.
                log.warning("outbox: cannot record %d outcomes (%s), try %d of %d",
                            len(outcomes), error, attempt, TRIES)
                await asyncio.sleep(0.2 * attempt)
        return None
