"""Staff consoles subscribed to `ticketEvents` while citizens submit: the submission scenario
runs with live events flowing, and says how many of them reached every console."""

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
from fanout_driver import Clients

from readpath.round_end import RoundEnd
from readpath.targets import Target

SUBSCRIBERS = 50
# What a console subscribes to (bench/live_fanout.py's "console" document).
DOCUMENT = """subscription {
  ticketEvents { cursor event { type toStatus message public } ticket { reference status department { code } } }
}"""


# How long after a round its last events may still reach the consoles. At saturation the hub
# shares one event loop with the requests and falls seconds behind; it catches up afterwards.
GRACE_SECONDS = 30


@dataclass
class Delivered:
    received: int = 0
    expected: int = 0  # events committed while they listened, times the consoles
    late: float = 0.0  # seconds after the end of a round until its last event had reached every console


async def api_key(url: str) -> str:
    """A key that may subscribe to every ticket's events, made for this run."""
    from cozum.auth.api_keys import create_api_key
    from cozum.auth.permissions import ApiScope
    from cozum.db import create_engine, create_sessionmaker, transaction

    engine = create_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1), pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            scopes = [ApiScope.READ_ALL, ApiScope.SUBSCRIBE]
            _, key = await create_api_key(session, "read-path benchmark consoles", scopes,
                                          rate_limit_per_minute=100_000)
            return key
    finally:
        await engine.dispose()


@contextlib.asynccontextmanager
async def listening(
    target: Target, key: str, conn: asyncpg.Connection, tally: Delivered, end: RoundEnd
) -> AsyncIterator[None]:
    """SUBSCRIBERS consoles on `target` for the block's duration; adds what they received of the
    events committed meanwhile (up to GRACE_SECONDS after the block for the last ones), and how
    late the last of them came after `end` (marked by the caller as the load stops), to `tally`."""
    clients = Clients(target.url.replace("http://", "ws://", 1), key, DOCUMENT, SUBSCRIBERS, SUBSCRIBERS, False)
    try:
        status = await clients.wait_subscribed(60)
        if status["subscribed"] != SUBSCRIBERS:
            raise RuntimeError(f"consoles could not subscribe: {status}")
        first = await conn.fetchval("SELECT coalesce(max(id), 0) FROM ticket_events")
        yield
        last = await conn.fetchval("SELECT coalesce(max(id), 0) FROM ticket_events")
        events = [row["id"] for row in await conn.fetch(
            "SELECT id FROM ticket_events WHERE id > $1 AND id <= $2", first, last)]
        expected = len(events) * SUBSCRIBERS
        deadline = end.monotonic + GRACE_SECONDS
        # The consoles are other processes, asked over a pipe: polled, as nothing can be awaited.
        while (received := await clients.received(events)) < expected and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.25)
        # From the arrival times, not from when the count was asked: the SMTP server may be waited for first.
        wanted, arrivals = set(events), await clients.arrivals()
        lasts = [max(times) for cursor, times in arrivals.items() if cursor in wanted and times]
        latest = max(lasts, default=end.wall)
        tally.late = max(tally.late, latest - end.wall)
        tally.received += received
        tally.expected += expected
    finally:
        await asyncio.to_thread(clients.stop)
