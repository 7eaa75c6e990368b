"""The signature a receiver checks (docs/webhooks.md): HMAC-SHA256 of "<timestamp>.<body>"."""

import hashlib
import hmac
from datetime import datetime


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = str(timestamp).encode("ascii") + b"." + body
    return "v1=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def signature_header(
    secret: str, previous: str | None, previous_until: datetime | None, timestamp: int, body: bytes, now: datetime
) -> str:
    """The current secret's signature, and during a rotation's grace the old one's too: a
    receiver still holding the old secret keeps accepting deliveries until it switches."""
    signatures = [signature(secret, timestamp, body)]
    if previous is not None and previous_until is not None and now < previous_until:
        signatures.append(signature(previous, timestamp, body))
    return ",".join(signatures)
