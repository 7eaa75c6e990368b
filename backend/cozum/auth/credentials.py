"""Who is calling: an API key in a header, or a staff session cookie, or nobody."""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass, field
from enum import StrEnum

from starlette.datastructures import Headers

from cozum.auth.actor import ANONYMOUS, Actor
from cozum.auth.rate_limit import RateLimiter

CSRF_COOKIE = "cozum_csrf"
CSRF_HEADER = "x-csrf-token"
KEY_USE_AUDIT_INTERVAL = 60.0


class AuthMethod(StrEnum):
    COOKIE = "cookie"
    API_KEY = "api_key"


@dataclass(frozen=True)
class Credentials:
    """What the caller proved, as one value: a connection's operations share it, and signing
    out replaces it whole."""

    actor: Actor = ANONYMOUS
    method: AuthMethod | None = None
    session_token: str | None = None  # with COOKIE: what the CSRF token is derived from
    key_rate_limit: int | None = None  # with API_KEY: requests a minute


NOBODY = Credentials()


@dataclass(frozen=True)
class Refusal:
    """A request turned away before execution, with the HTTP status that says why."""

    status: int
    code: str
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


class KeyUseGate:
    """Audits a key's use at most once a minute per process, not once per request."""

    def __init__(self) -> None:
        self._last: dict[int, float] = {}

    def due(self, key_id: int) -> bool:
        now = time.monotonic()
        if now - self._last.get(key_id, -math.inf) < KEY_USE_AUDIT_INTERVAL:
            return False
        self._last[key_id] = now
        return True


def presented_api_key(headers: Headers) -> str | None:
    authorization = headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return headers.get("x-api-key")


def csrf_token(secret_key: str, session_token: str) -> str:
    return hmac.new(secret_key.encode(), f"csrf:{session_token}".encode(), hashlib.sha256).hexdigest()[:40]


def csrf_matches(secret_key: str, session_token: str, presented: str | None) -> bool:
    if presented is None:
        return False
    # As bytes: compare_digest raises on non-ASCII text, and a header may hold any byte.
    expected = csrf_token(secret_key, session_token).encode()
    return hmac.compare_digest(expected, presented.encode("utf-8", "surrogateescape"))


UNKNOWN_KEY = Refusal(401, "INVALID_API_KEY", "The API key is unknown or revoked.")


def rate_refusal(key_id: int, per_minute: int, limiter: RateLimiter) -> Refusal | None:
    wait = limiter.take(key_id, per_minute)
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait))
    return Refusal(
        429, "RATE_LIMITED",
        f"This key allows {per_minute} requests a minute; retry in {seconds} s.",
        headers={"Retry-After": str(seconds)}, extra={"retryAfter": seconds},
    )

