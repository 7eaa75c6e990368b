"""Reference numbers read over the phone, and the secret that proves a citizen owns one."""

import hashlib
import hmac
import secrets


def new_seed() -> str:
    return secrets.token_hex(16)


def tracking_secret(secret_key: str, seed: str) -> str:
    """The citizen's 128-bit tracking secret for a ticket's stored seed.

    Derived rather than stored: a retried submission gets the same secret again, and every later
    message can carry the tracking link, while the database alone holds only the seed and a hash.
    """
    digest = hmac.new(secret_key.encode(), f"tracking:{seed}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def hash_secret(secret: str) -> str:
    # A fast hash is enough: the secret is random with 128+ bits, not a password.
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
