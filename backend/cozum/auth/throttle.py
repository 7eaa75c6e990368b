"""Failed sign-ins, counted in PostgreSQL so every replica agrees.

An attempt from a browser that signed in to the account before (a device cookie, see
`devices.py`) is counted only against that device. Any other attempt is counted against
its address, its (address, account) pair and — as a slowdown shared by everyone without
the cookie — the account. Guessing is thus slow from anywhere, and an attacker who spends
the account's budget delays only browsers the account has never been used on.
"""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import LoginFailure
from cozum.kit.keyed_locks import KeyedLocks
from cozum.kit.time import utcnow

WINDOW = timedelta(minutes=1)
MAX_FAILURES_PER_ADDRESS = 30
MAX_FAILURES_PER_PAIR = 5
MAX_FAILURES_PER_ACCOUNT = 10
MAX_FAILURES_PER_DEVICE = 5
# Advisory lock spaces (the two-key form, apart from every single-key lock).
_ADDRESS_LOCKS, _ACCOUNT_LOCKS = 8101, 8102
_TURNS = KeyedLocks()


@dataclass(frozen=True)
class Attempt:
    email: str
    address: str  # as the limits count it: an IPv6 caller by its /64
    device: str | None  # the device's id, when it showed a valid device cookie for this account


def _limits(attempt: Attempt) -> list[tuple[ColumnElement[bool], int]]:
    email, address, device = col(LoginFailure.email), col(LoginFailure.address), col(LoginFailure.device)
    if attempt.device is not None:
        return [(and_(email == attempt.email, device == attempt.device), MAX_FAILURES_PER_DEVICE)]
    without_cookie = device.is_(None)
    return [
        (and_(address == attempt.address, without_cookie), MAX_FAILURES_PER_ADDRESS),
        (and_(address == attempt.address, email == attempt.email, without_cookie), MAX_FAILURES_PER_PAIR),
        (and_(email == attempt.email, without_cookie), MAX_FAILURES_PER_ACCOUNT),
    ]


async def retry_after(session: AsyncSession, attempt: Attempt) -> int | None:
    """Seconds until another attempt is allowed, or None when one is allowed now."""
    now = utcnow()
    limits = _limits(attempt)
    at = col(LoginFailure.at)
    # One round trip for every count: the rows of this account or this address in the window.
    columns = [c for condition, _ in limits for c in (func.count().filter(condition), func.min(at).filter(condition))]
    scope = or_(col(LoginFailure.email) == attempt.email, col(LoginFailure.address) == attempt.address)
    row = tuple((await session.execute(select(*columns).where(at > now - WINDOW, scope))).one())
    waits = [
        _seconds_until(oldest + WINDOW, now)
        for (_, limit), count, oldest in zip(limits, row[0::2], row[1::2], strict=True)
        if count >= limit
    ]
    return max(waits, default=None)


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, int((moment - now).total_seconds()) + 1)


@asynccontextmanager
async def taking_turns(attempt: Attempt) -> AsyncIterator[None]:
    """Attempts of this process that share a count wait for each other here, holding no
    database connection: a burst from one address queues in memory, not in the pool."""
    async with AsyncExitStack() as stack:
        if attempt.device is None:
            await stack.enter_async_context(_TURNS.hold(("address", attempt.address)))
        await stack.enter_async_context(_TURNS.hold(("account", attempt.email)))
        yield


async def serialise(session: AsyncSession, attempt: Attempt) -> None:
    """Attempts that share a count take turns between counting and recording, or concurrent
    guesses would all see the count below the limit; across replicas, in PostgreSQL. Every
    attempt locks its address before its account (here and in `taking_turns`), so two can
    never wait for each other."""
    lock = text("SELECT pg_advisory_xact_lock(:space, hashtext(:key))")
    if attempt.device is None:
        await session.execute(lock, {"space": _ADDRESS_LOCKS, "key": attempt.address})
    await session.execute(lock, {"space": _ACCOUNT_LOCKS, "key": attempt.email})


async def record_failure(session: AsyncSession, attempt: Attempt) -> int:
    await _forget_expired(session)
    failure = LoginFailure(email=attempt.email, address=attempt.address, device=attempt.device)
    session.add(failure)
    await session.flush()
    assert failure.id is not None
    return failure.id


async def _forget_expired(session: AsyncSession) -> None:
    """Addresses are personal data (KVKK): a failure is kept only while it counts. Rows
    another attempt is deleting are skipped rather than waited for."""
    expired = (
        select(col(LoginFailure.id))
        .where(col(LoginFailure.at) <= utcnow() - WINDOW)
        .limit(1000)
        .with_for_update(skip_locked=True)
    )
    await session.execute(delete(LoginFailure).where(col(LoginFailure.id).in_(expired.scalar_subquery())))


async def forget_failure(session: AsyncSession, failure_id: int) -> None:
    await session.execute(delete(LoginFailure).where(col(LoginFailure.id) == failure_id))
