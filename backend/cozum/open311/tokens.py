"""Tokens: a POST answers with the service_request_id at once, and with a token as well for
clients that expect one. A token is the reference signed with SECRET_KEY, so it needs no
table and resolves to its reference only if we issued it."""

import hashlib
import hmac

_SIGNATURE_HEX = 20


def _signature(secret_key: str, reference: str) -> str:
    digest = hmac.new(secret_key.encode(), f"open311-token:{reference}".encode(), hashlib.sha256)
    return digest.hexdigest()[:_SIGNATURE_HEX]


def issue(secret_key: str, reference: str) -> str:
    return f"{reference}-{_signature(secret_key, reference)}"


def resolve(secret_key: str, token: str) -> str | None:
    """The reference a token of ours names, else None."""
    reference, _, signature = token.rpartition("-")
    if not reference or len(signature) != _SIGNATURE_HEX:
        return None
    expected = _signature(secret_key, reference)
    return reference if hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")) else None
