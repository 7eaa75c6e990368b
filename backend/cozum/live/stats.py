from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.kit.time import ISTANBUL, utcnow
from cozum.live.types import LiveStats

# One pass over the table; the analytics work will move this onto maintained counters.
_COUNTS = text("""
SELECT count(*) AS received,
       count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
       count(*) FILTER (WHERE closed_at IS NULL) AS pending,
       count(*) FILTER (WHERE closed_at IS NULL AND status <> 'ON_HOLD' AND due_at < now()) AS overdue,
       count(*) FILTER (WHERE created_at >= :today) AS received_today
FROM tickets
""")


async def live_stats(session: AsyncSession) -> LiveStats:
    now = utcnow()
    today = now.astimezone(ISTANBUL).replace(hour=0, minute=0, second=0, microsecond=0)
    row = (await session.execute(_COUNTS, {"today": today})).one()
    return LiveStats(
        received=row.received, resolved=row.resolved, pending=row.pending, overdue=row.overdue,
        received_today=row.received_today, at=now, shared_results={},
    )
