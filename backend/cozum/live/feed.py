"""Reading committed timeline events in id order, without gaps and without waiting on dead ids.

Ids come from a sequence when a row is inserted, but transactions commit in their own order:
event 101 can be visible while 100 is still being written. Delivering 101 and moving on
would lose 100 for good. So the feed delivers only a contiguous run of ids and holds back
what lies above a gap, until either the gap fills or every transaction that was running
when the gap was seen has ended (then the missing ids were rolled back and never come).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.tickets.models import Ticket, TicketEvent

BATCH = 500
# How far below the newest id a transaction still running at start-up may hold an id.
START_WINDOW = 1000


@dataclass
class FeedEvent:
    event: TicketEvent
    ticket: Ticket

    @property
    def id(self) -> int:
        assert self.event.id is not None
        return self.event.id


@dataclass
class Feed:
    low_water: int = 0
    held: dict[int, FeedEvent] = field(default_factory=dict)
    # Transactions in progress when the current gap was first seen.
    gap_writers: frozenset[str] | None = None

    @property
    def waiting_on_gap(self) -> bool:
        return bool(self.held)

    def position(self) -> tuple[int, frozenset[str] | None]:
        return self.low_water, self.gap_writers

    def restore(self, position: tuple[int, frozenset[str] | None]) -> None:
        self.low_water, self.gap_writers = position
        self.held = {}

    async def start(self, session: AsyncSession) -> None:
        """Start after the newest event, unless a transaction still running may hold a
        lower id (a hole among the recent ids): then start below the hole, and the gap
        rule decides, as for any gap. What is re-read at start reaches no subscriber yet."""
        newest = int((await session.execute(text("SELECT coalesce(max(id), 0) FROM ticket_events"))).scalar_one())
        hole = await _oldest_recent_hole(session, newest) if await _running_transactions(session) else None
        self.low_water = newest if hole is None else hole - 1

    async def read(self, session: AsyncSession) -> list[FeedEvent]:
        """What can now be delivered, oldest first. Run in a REPEATABLE READ transaction."""
        running = await _running_transactions(session)
        # Everything above the low-water mark is read again, so held rows are always fresh.
        self.held = {row.id: row for row in await _events_after(session, self.low_water)}
        return self._release(running)

    def _release(self, running: frozenset[str]) -> list[FeedEvent]:
        ready: list[FeedEvent] = []
        while self.held:
            next_id = self.low_water + 1
            if next_id in self.held:
                ready.append(self.held.pop(next_id))
                self.low_water = next_id
                # A later gap is a new one: judge it by who is running when it is seen.
                self.gap_writers = None
                continue
            if self.gap_writers is None:
                self.gap_writers = running
                break
            if self.gap_writers & running:
                break
            # Everyone who could have written the missing ids has finished: they are dead.
            self.low_water = min(self.held) - 1
            self.gap_writers = None
        if not self.held:
            self.gap_writers = None
        return ready


async def _running_transactions(session: AsyncSession) -> frozenset[str]:
    stmt = text("SELECT coalesce(array_agg(x::text), '{}') FROM pg_snapshot_xip(pg_current_snapshot()) AS x")
    return frozenset((await session.execute(stmt)).scalar_one())


async def _oldest_recent_hole(session: AsyncSession, newest: int) -> int | None:
    stmt = text("""
        SELECT min(n)
        FROM generate_series(greatest(CAST(:newest AS bigint) - :window, 0) + 1, CAST(:newest AS bigint)) AS n
        WHERE NOT EXISTS (SELECT 1 FROM ticket_events WHERE id = n)
    """)
    hole = (await session.execute(stmt, {"newest": newest, "window": START_WINDOW})).scalar_one()
    return None if hole is None else int(hole)


async def _events_after(session: AsyncSession, low_water: int) -> Sequence[FeedEvent]:
    stmt = (
        select(TicketEvent, Ticket)
        .join(Ticket, col(Ticket.id) == col(TicketEvent.ticket_id))
        .where(col(TicketEvent.id) > low_water)
        .order_by(col(TicketEvent.id))
        .limit(BATCH)
    )
    result: Any = await session.execute(stmt)
    return [FeedEvent(event, ticket) for event, ticket in result.all()]
