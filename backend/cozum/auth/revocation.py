"""Marking a transaction that ends or changes what a session or key grants.

The triggers announce the change itself (cozum/auth/cache.py forgets on it); this adds a
`fence:<id>` after it in the same transaction, which the request that commits it waits to
hear back before answering (Context.finish), so the caller's very next request finds every
process told. Notifications of one transaction arrive together and in order: hearing the
fence means having heard what came before it.
"""

import secrets

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

_FENCES = "cozum.fences"  # the key in the session's `info`


async def announce(session: AsyncSession) -> None:
    fence = secrets.token_hex(8)
    await session.execute(select(func.pg_notify("sessions", f"fence:{fence}")))
    session.info.setdefault(_FENCES, []).append(fence)


def announced(session: AsyncSession) -> list[str]:
    """The fences of the transaction about to commit, taken once."""
    fences: list[str] = session.info.pop(_FENCES, [])
    return fences
