"""Failed sign-ins per account and per address, counted in PostgreSQL so every replica agrees."""

from datetime import timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import LoginFailure
from cozum.kit.time import utcnow

WINDOW = timedelta(minutes=1)
MAX_FAILURES_PER_ACCOUNT = 9
MAX_FAILURES_PER_ADDRESS = 30


async def retry_after(session: AsyncSession, email: str, address: str) -> int | None:
    """Seconds until another attempt is allowed, or None when one is allowed now."""
    since = utcnow() - WINDOW
    for column, value, limit in (
        (col(LoginFailure.email), email, MAX_FAILURES_PER_ACCOUNT),
        (col(LoginFailure.address), address, MAX_FAILURES_PER_ADDRESS),
    ):
        stmt = select(func.count(), func.min(LoginFailure.at)).where(column == value, col(LoginFailure.at) > since)
        count, oldest = (await session.execute(stmt)).one()
        if count >= limit:
            return max(1, int((oldest + WINDOW - utcnow()).total_seconds()) + 1)
    return None


async def serialise(session: AsyncSession, email: str) -> None:
    """Attempts on one account take turns between counting and recording, or concurrent
    guesses would all see the count below the limit."""
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:email))"), {"email": email})


async def record_failure(session: AsyncSession, email: str, address: str) -> int:
    failure = LoginFailure(email=email, address=address)
    session.add(failure)
    await session.flush()
    assert failure.id is not None
    return failure.id


async def forget_failure(session: AsyncSession, failure_id: int) -> None:
    await session.execute(delete(LoginFailure).where(col(LoginFailure.id) == failure_id))
