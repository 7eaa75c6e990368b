"""Finding who a session cookie or an API key stands for: one small statement each, on a
connection in autocommit (no transaction to begin and end), no ORM objects built."""

import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from cozum.auth import api_keys
from cozum.auth.actor import Actor
from cozum.auth.models import ApiKey, StaffSession, User
from cozum.auth.permissions import ApiScope
from cozum.kit.time import utcnow


@dataclass(frozen=True)
class Grant:
    """What a credential grants, as long as nothing about it changes."""

    actor: Actor
    expires_at: datetime | None = None  # a session's end; keys do not expire
    rate_limit: int | None = None  # a key's requests a minute


_SESSION = (
    select(col(User.id), col(User.name), col(User.role), col(User.department_id), col(StaffSession.expires_at))
    .join(User, col(User.id) == col(StaffSession.user_id))
    .where(col(StaffSession.revoked_at).is_(None), col(User.active).is_(True))
)
_KEY = select(
    col(ApiKey.id), col(ApiKey.name), col(ApiKey.key_hash), col(ApiKey.scopes),
    col(ApiKey.department_id), col(ApiKey.rate_limit_per_minute),
).where(col(ApiKey.revoked_at).is_(None))


async def session_grant(engine: AsyncEngine, token_hash: str) -> Grant | None:
    stmt = _SESSION.where(col(StaffSession.token_hash) == token_hash, col(StaffSession.expires_at) > utcnow())
    async with engine.connect() as connection:
        row = (await connection.execute(stmt)).first()
    if row is None:
        return None
    user_id, name, role, department_id, expires_at = row
    assert user_id is not None
    return Grant(Actor.of_staff(user_id, name, role, department_id), expires_at=expires_at)


async def key_grant(engine: AsyncEngine, presented: str) -> Grant | None:
    parts = api_keys.split_key(presented)
    if parts is None:
        return None
    prefix, secret = parts
    async with engine.connect() as connection:
        row = (await connection.execute(_KEY.where(col(ApiKey.prefix) == prefix))).first()
    if row is None:
        return None
    key_id, name, key_hash, scopes, department_id, rate_limit = row
    if key_id is None or not hmac.compare_digest(key_hash, api_keys.key_hash(secret)):
        return None
    actor = Actor.of_key(key_id, name, frozenset(ApiScope(s) for s in scopes), department_id)
    return Grant(actor, rate_limit=rate_limit)
