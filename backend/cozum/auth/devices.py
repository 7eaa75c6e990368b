"""Device cookies: a browser that signed in to an account before is recognised by it.

Sign-in attempts from a recognised browser are throttled on their own (`throttle.py`), so
someone guessing an account's password from elsewhere can slow everyone else down but not
lock its owner out. Each entry is `nonce-signature`, the signature binding the nonce to one
account with SECRET_KEY; the cookie names no account, and a database dump grants none.
"""

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

DEVICE_COOKIE = "cozum_device"
MAX_AGE = timedelta(days=180)
ACCOUNTS_PER_BROWSER = 5  # a shared desk's browser is remembered for its last few users
_ENTRY = re.compile(r"^[0-9a-f]{32}-[0-9a-f]{32}$")
_MAX_COOKIE = ACCOUNTS_PER_BROWSER * 66


def _signature(secret_key: str, email: str, nonce: str) -> str:
    return hmac.new(secret_key.encode(), f"device:{email}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]


def _entries(cookie: str | None) -> list[str]:
    if not cookie or len(cookie) > _MAX_COOKIE:
        return []
    return [e for e in cookie.split(".") if _ENTRY.match(e)]


def _entry_for(secret_key: str, cookie: str | None, email: str) -> str | None:
    for entry in _entries(cookie):
        nonce, signature = entry.split("-")
        if hmac.compare_digest(_signature(secret_key, email, nonce), signature):
            return entry
    return None


def device_id(entry: str) -> str:
    """What failures are counted by: not the nonce itself, so stored rows sign nothing in."""
    return hashlib.sha256(entry.encode()).hexdigest()[:32]


def recognised(secret_key: str, cookie: str | None, email: str) -> str | None:
    """The device's id when the cookie holds a valid entry for this account, else None."""
    entry = _entry_for(secret_key, cookie, email)
    return device_id(entry) if entry else None


def remembered(secret_key: str, cookie: str | None, email: str) -> str:
    """The cookie's new value after a sign-in to `email`: a fresh entry for it first, then
    the browser's other accounts, the least recent dropped."""
    own = _entry_for(secret_key, cookie, email)
    nonce = secrets.token_hex(16)
    others = [e for e in _entries(cookie) if e != own]
    return ".".join([f"{nonce}-{_signature(secret_key, email, nonce)}", *others][:ACCOUNTS_PER_BROWSER])
