"""A live connection keeps the rights it had when it connected: check them again now and then.

A console stays subscribed for a whole shift. When its session ends (logout, "log out
everywhere", deactivation, expiry), its key is revoked, or the person's role or department
changes, its connection is closed: 4401 when the credentials no longer work (sign in again),
4403 when they work with other rights (reconnect, and resume from the last cursor with the
new rights). One query per kind of credential serves every connection of the process.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth import api_keys
from cozum.auth import service as sessions
from cozum.auth.actor import Actor
from cozum.context import Context

RECHECK_INTERVAL = 15.0  # seconds between two checks; a revoked console hears at most this long


@dataclass(frozen=True)
class Verdict:
    code: int
    reason: str


ENDED = Verdict(4401, "Your session has ended or your key was revoked: sign in again.")
CHANGED = Verdict(4403, "Your access has changed: reconnect, and resume from your last cursor.")


def _rights(actor: Actor) -> tuple[Any, ...]:
    return (actor.permissions, actor.ticket_scope, actor.department_id)


def _judge(connected_as: Actor, now: Actor | None) -> Verdict | None:
    if now is None:
        return ENDED
    return CHANGED if _rights(now) != _rights(connected_as) else None


async def stale_connections(session: AsyncSession, contexts: Iterable[Context]) -> list[tuple[Context, Verdict]]:
    by_session: dict[str, list[Context]] = defaultdict(list)
    by_key: dict[int, list[Context]] = defaultdict(list)
    for context in set(contexts):
        if context.auth_method == "cookie" and context.session_token:
            by_session[sessions.token_hash(context.session_token)].append(context)
        elif context.auth_method == "api_key" and context.actor.api_key_id is not None:
            by_key[context.actor.api_key_id].append(context)
    now: dict[Context, Actor | None] = {}
    if by_session:
        users = await sessions.users_by_session(session, list(by_session))
        for token, contexts_ in by_session.items():
            user = users.get(token)
            now.update(dict.fromkeys(contexts_, Actor.of(user) if user else None))
    if by_key:
        keys = await api_keys.live_keys(session, list(by_key))
        for key_id, contexts_ in by_key.items():
            key = keys.get(key_id)
            actor = Actor.of_key(key_id, key.name, api_keys.key_scopes(key), key.department_id) if key else None
            now.update(dict.fromkeys(contexts_, actor))
    verdicts = [(context, _judge(context.actor, actor)) for context, actor in now.items()]
    return [(context, verdict) for context, verdict in verdicts if verdict is not None]
