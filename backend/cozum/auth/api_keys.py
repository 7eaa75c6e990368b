"""API keys: `czm_<prefix>_<secret>`, looked up by prefix, compared by hash."""

import hashlib
import hmac
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import ApiKey
from cozum.auth.permissions import ApiScope
from cozum.auth.revocation import announce
from cozum.departments.models import Department
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import required_text
from cozum.kit.time import utcnow

PREFIX = "czm"


def key_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(presented: str) -> tuple[str, str] | None:
    parts = presented.strip().split("_")
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


async def create_api_key(
    session: AsyncSession, name: str, scopes: list[ApiScope], *, department_id: int | None = None,
    rate_limit_per_minute: int = 600, created_by_id: int | None = None,
) -> tuple[ApiKey, str]:
    """The new key row and the key itself, which is never stored and cannot be shown again."""
    name = required_text(name, 100, ["input", "name"])
    if not scopes:
        raise DomainError(UserErrorCode.REQUIRED, "Give the key at least one scope.", ["input", "scopes"])
    if ApiScope.READ_DEPARTMENT in scopes and department_id is None:
        raise DomainError(UserErrorCode.REQUIRED, "READ_DEPARTMENT needs a department.", ["input", "departmentId"])
    if department_id is not None and await session.get(Department, department_id) is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such department.", ["input", "departmentId"])
    if not 1 <= rate_limit_per_minute <= 100_000:
        raise DomainError(
            UserErrorCode.INVALID, "Rate limit must be 1–100000 per minute.", ["input", "rateLimitPerMinute"]
        )
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32).replace("_", "-")
    key = ApiKey(
        name=name, prefix=prefix, key_hash=key_hash(secret), scopes=sorted(s.value for s in set(scopes)),
        department_id=department_id, rate_limit_per_minute=rate_limit_per_minute, created_by_id=created_by_id,
    )
    session.add(key)
    await session.flush()
    return key, f"{PREFIX}_{prefix}_{secret}"


async def authenticate(session: AsyncSession, presented: str) -> ApiKey | None:
    parts = split_key(presented)
    if parts is None:
        return None
    prefix, secret = parts
    key = (await session.execute(select(ApiKey).where(col(ApiKey.prefix) == prefix))).scalar_one_or_none()
    if key is None or key.revoked_at is not None or not hmac.compare_digest(key.key_hash, key_hash(secret)):
        return None
    return key


async def live_keys(session: AsyncSession, ids: list[int]) -> dict[int, ApiKey]:
    """The keys among `ids` that are not revoked."""
    stmt = select(ApiKey).where(col(ApiKey.id).in_(ids), col(ApiKey.revoked_at).is_(None))
    return {key.id: key for key in (await session.execute(stmt)).scalars() if key.id is not None}


async def revoke_api_key(session: AsyncSession, key_id: int) -> ApiKey:
    key = await session.get(ApiKey, key_id, with_for_update=True)
    if key is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such API key.", ["input", "id"])
    if key.revoked_at is None:
        key.revoked_at = utcnow()
    await session.flush()
    announce(session)
    return key


def key_scopes(key: ApiKey) -> frozenset[ApiScope]:
    return frozenset(ApiScope(s) for s in key.scopes)
