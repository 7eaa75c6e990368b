"""A token bucket per API key, in this process.

Kept in memory so counting costs no database write per request (the key itself is still
looked up, by its indexed prefix). With N replicas a key can reach N times its limit; the
proxy in front spreads each client's load, which keeps this close in practice.
"""

import time
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    def __init__(self) -> None:
        self._buckets: dict[int, _Bucket] = {}

    def take(self, key_id: int, per_minute: int) -> float | None:
        """None if the call may go ahead, else the seconds to wait."""
        now = time.monotonic()
        rate = per_minute / 60.0
        bucket = self._buckets.setdefault(key_id, _Bucket(float(per_minute), now))
        bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / rate
