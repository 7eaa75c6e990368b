"""Marking a transaction that ends or changes what a session or key grants.

The triggers announce the change itself (cozum/auth/cache.py forgets on it); this adds a
`fence:<id>` after it in the same transaction, which the request that commits it waits to
hear back before answering (Context.finish), so the caller's very next request finds every
process told. Notifications of one transaction arrive together and in order: hearing the
fence means having heard what came before it. Every other process that hears it answers
`heard:<id>:<pid>` (see the cache); the fence also names the listeners it waits for, as
PostgreSQL saw them when the change was made.
"""

import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHANNEL = "sessions"
LISTENER = "cozum_sessions"  # the application_name of every process's cache listener
_FENCES = "cozum.fences"  # the key in the session's `info`

_ANNOUNCE = text(
    "SELECT pg_notify(:channel, :payload), ARRAY(SELECT pid FROM pg_stat_activity "
    "WHERE application_name = :listener AND datname = current_database())"
)


@dataclass(frozen=True)
class Fence:
    id: str
    # The backends listening when the change was made: a process that starts listening later
    # remembers nothing from before, so it need not answer.
    listeners: frozenset[int]


async def announce(session: AsyncSession) -> None:
    fence = secrets.token_hex(8)
    params = {"channel": CHANNEL, "payload": f"fence:{fence}", "listener": LISTENER}
    listeners = (await session.execute(_ANNOUNCE, params)).one()[1]
    session.info.setdefault(_FENCES, []).append(Fence(fence, frozenset(listeners)))


def announced(session: AsyncSession) -> list[Fence]:
    """The fences of the transaction about to commit, taken once."""
    fences: list[Fence] = session.info.pop(_FENCES, [])
    return fences
