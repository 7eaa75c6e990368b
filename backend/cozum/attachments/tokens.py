"""Signed, expiring names for locally stored files: `/files/<token>` needs no session.

A token is `<key>.<expiry>.<signature>`, the key base64url-encoded, so it holds no slash and
nothing a path could be built from before the signature is checked.
"""

import base64
import binascii
import hashlib
import hmac
import math
import time

# Expiries are rounded up to this step, so the same file keeps the same URL for a while and a
# browser's cache (and the tracking page's re-renders on each live event) can reuse it.
ROUND_SECONDS = 600


class BadToken(Exception):
    """Not one of ours: wrong shape or signature."""


class ExpiredToken(Exception):
    """Ours, but past its expiry."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret_key: str, key: str, expires: int) -> bytes:
    # Its own purpose in the message: a signature made here is valid nowhere else.
    message = f"cozum-file:{key}:{expires}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).digest()


def sign(secret_key: str, key: str, expires_seconds: int, now: float | None = None) -> str:
    now = time.time() if now is None else now
    expires = math.ceil((now + expires_seconds) / ROUND_SECONDS) * ROUND_SECONDS
    return f"{_b64(key.encode())}.{expires}.{_b64(_signature(secret_key, key, expires))}"


def verify(secret_key: str, token: str, now: float | None = None) -> tuple[str, int]:
    """The key the token names and its expiry (Unix seconds); raises BadToken or ExpiredToken."""
    parts = token.split(".")
    if len(parts) != 3 or not parts[1].isdigit() or len(token) > 400:
        raise BadToken
    try:
        key, signature = _unb64(parts[0]).decode(), _unb64(parts[2])
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadToken from None
    expires = int(parts[1])
    if not hmac.compare_digest(signature, _signature(secret_key, key, expires)):
        raise BadToken
    if expires < (time.time() if now is None else now):
        raise ExpiredToken
    return key, expires
