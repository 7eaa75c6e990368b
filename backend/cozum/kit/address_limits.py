"""Limits on anonymous callers by network address, kept in this process's memory.

In memory rather than in PostgreSQL, on purpose: an address is personal data (KVKK), and
these limits need it for one minute at most, so it is never written anywhere and is
forgotten as soon as its bucket is full again; a refused call costs no database round
trip. The price is that N replicas allow up to N times the limit, which the proxy in front
keeps close by spreading each client's connections — a flood guard, not an exact quota
(sign-in throttling, which must be exact, counts in PostgreSQL instead).
"""

import ipaddress
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

REFILL_SECONDS = 60.0  # a bucket emptied to zero is full again after a minute, whatever its size


def address_key(address: str) -> str:
    """What the limits count by. An IPv6 subscriber gets a whole /64 from their provider
    and can pick any address in it, so the network is what identifies them."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class AddressBuckets:
    """A token bucket per address: `per_minute` calls at once, then one every 60/per_minute s."""

    def __init__(self, max_addresses: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()  # least recently used first
        self._max = max_addresses
        self._clock = clock

    def take(self, address: str, per_minute: int) -> float | None:
        """None if the call may go ahead, else the seconds until it may."""
        now = self._clock()
        self._forget_quiet(now)
        rate = per_minute / REFILL_SECONDS
        bucket = self._buckets.pop(address, None) or _Bucket(float(per_minute), now)
        bucket.tokens = min(float(per_minute), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        self._buckets[address] = bucket
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) / rate

    def addresses(self) -> list[str]:
        return list(self._buckets)

    def _forget_quiet(self, now: float) -> None:
        # A bucket untouched for a minute is full: the same as having none.
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < REFILL_SECONDS and len(self._buckets) < self._max:
                return
            self._buckets.popitem(last=False)


class AddressSlots:
    """How many long-lived things (subscriptions) each address holds open right now."""

    def __init__(self) -> None:
        self._held: dict[str, int] = {}

    def acquire(self, address: str, limit: int) -> bool:
        held = self._held.get(address, 0)
        if held >= limit:
            return False
        self._held[address] = held + 1
        return True

    def release(self, address: str) -> None:
        held = self._held.get(address, 0) - 1
        if held > 0:
            self._held[address] = held
        else:
            self._held.pop(address, None)

    def held(self, address: str) -> int:
        return self._held.get(address, 0)


@dataclass
class AnonymousLimits:
    submissions: AddressBuckets = field(default_factory=AddressBuckets)
    subscriptions: AddressSlots = field(default_factory=AddressSlots)
    # Throttled sign-ins audited, per address and account: a refusal costs no insert after the first.
    throttled_sign_ins: AddressBuckets = field(default_factory=AddressBuckets)

