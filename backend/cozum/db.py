from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionMaker = async_sessionmaker[AsyncSession]


def async_url(url: str) -> str:
    """Accept the plain `postgresql://` URLs operators write and give SQLAlchemy asyncpg's."""
    parts = urlsplit(url)
    scheme = parts.scheme
    if scheme in {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}:
        scheme = "postgresql+asyncpg"
    # asyncpg knows `ssl`, not libpq's `sslmode`.
    query = [("ssl" if k == "sslmode" else k, v) for k, v in parse_qsl(parts.query)]
    return urlunsplit((scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


# A transaction left open by a bug (or a client it waits on) gives its connection and locks
# back after this long, instead of holding them until the process ends.
IDLE_IN_TRANSACTION_TIMEOUT = "5min"


def create_engine(url: str, pool_size: int = 10) -> AsyncEngine:
    return create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        connect_args={"server_settings": {"idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_TIMEOUT}},
    )


def create_sessionmaker(engine: AsyncEngine) -> SessionMaker:
    # Rows outlive the commit so payloads can be rendered after the boundary commits.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


@asynccontextmanager
async def transaction(sessionmaker: SessionMaker) -> AsyncIterator[AsyncSession]:
    """One unit of work for code outside a request (commands, workers)."""
    async with sessionmaker() as session, session.begin():
        yield session


def asyncpg_dsn(url: str) -> str:
    """The same database as a URL asyncpg itself accepts (for LISTEN, outside SQLAlchemy)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))
