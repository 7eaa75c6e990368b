"""Marking a transaction that ends or changes what a session or key grants.

The triggers announce the change itself, in the transaction (cozum/auth/cache.py forgets on
it). The request that commits it then sends a `fence:<id>` of its own, after the commit, and
waits to hear that every process listening has acted on it before answering (Context.finish),
so the caller's very next request finds every process told. PostgreSQL delivers notifications
in commit order, and each process handles them in order: one that answers the fence has acted
on the change before it. Sent after the commit, the fence also names every process that could
have remembered the credential as it was: a process that begins listening later reads only
what the commit left.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

CHANNEL = "sessions"
HEARD_CHANNEL = "sessions_heard"  # each process's answer to a fence: `<id>:<its listener's pid>`
LISTENER = "cozum_sessions"  # the application_name of every process's cache listener
_CHANGED = "cozum.credentials_changed"  # the key in the session's `info`

# The fence, and the listeners it waits for: their backends' pids, as PostgreSQL sees them now.
FENCE = text(
    "SELECT pg_notify(:channel, :payload), ARRAY(SELECT pid FROM pg_stat_activity "
    "WHERE application_name = :listener AND datname = current_database())"
)


def announce(session: AsyncSession) -> None:
    session.info[_CHANGED] = True


def announced(session: AsyncSession) -> bool:
    """Whether the transaction about to commit changed a credential; taken once."""
    return bool(session.info.pop(_CHANGED, False))
