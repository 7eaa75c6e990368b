import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
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


# A pooled connection idle for longer is checked before it is handed out (PostgreSQL may have
# restarted, or a proxy dropped it meanwhile). Checking every checkout, as pool_pre_ping does,
# costs three round trips per request (BEGIN, the ping, ROLLBACK): more than a page of the queue
# spends in PostgreSQL. A connection in steady use is never idle that long, and one that was lost
# while in use invalidates the pool's other connections of its generation as it fails.
PING_AFTER_IDLE_SECONDS = 5.0


def create_engine(url: str, pool_size: int = 20) -> AsyncEngine:
    """`pool_size`: the most connections the engine opens. Each is opened when first needed
    and kept. An overflow beyond a kept number would be closed as it came back: under a load
    that hovers above that number, a connection opened and closed every few requests (a new
    PostgreSQL backend each time, and its statements prepared again)."""
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=0,
        connect_args={"server_settings": {"idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_TIMEOUT}},
    )
    _ping_when_idle(engine)
    _refuse_more_than_one(engine)
    return engine


def _ping_when_idle(engine: AsyncEngine) -> None:
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _returned(_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()
        record.info.pop(_ONE_STATEMENT, None)  # however its change ended

    @event.listens_for(pool, "checkout")
    def _taken(connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop("idle_since", None)
        if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
            return
        try:
            connection.ping()
        except Exception as lost:
            # The pool discards this connection and hands out another (a new one if need be).
            raise DisconnectionError("a pooled connection was lost while idle") from lost


def create_sessionmaker(engine: AsyncEngine) -> SessionMaker:
    # Rows outlive the commit so payloads can be rendered after the boundary commits.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


# `session.info` keys: the session may run its first statement outside a transaction block
# (its request allows it); it did; and the `info` of the connection it ran on.
_MAY_RUN_ALONE = "cozum.may_run_alone"
_RAN_ALONE = "cozum.ran_alone"
_GUARDED = "cozum.guarded_connection"
# The key in a pooled connection's `info`: set while it may run one more statement of a change
# made alone (True), or none (False).
_ONE_STATEMENT = "cozum.one_statement"


def allow_statement_alone(session: AsyncSession) -> None:
    """Let the change `session` is about to make run as one statement outside a transaction block,
    should its service make it in one statement (`connection_for_change`). For a request's
    only field (Context.write)."""
    session.info[_MAY_RUN_ALONE] = True


def ran_alone(session: AsyncSession) -> bool:
    """Whether `session`'s statements run outside a transaction block: each is kept as it ends."""
    return bool(session.info.get(_RAN_ALONE))


async def connection_for_change(session: AsyncSession, *, last: bool) -> AsyncConnection:
    """The connection for a service's statement; `last`: nothing follows it in this change.

    PostgreSQL makes one statement atomic by itself. When it is the whole change and the
    session allows it, with nothing read or written before, it runs outside a transaction
    block: no BEGIN and no COMMIT, two round trips fewer; and the row locks it takes (a new
    ticket's reference counter) are held while it runs, not until the request ends. Every
    submission of a municipality waits on that counter row in turn, so the time it is held
    bounds how many are filed in a second, whatever the number of workers.

    Until the change ends (`end_of_change`), the connection then refuses any other statement:
    each would be kept on its own, whatever became of the rest.
    """
    if not (last and session.info.pop(_MAY_RUN_ALONE, False) and not session.in_transaction()):
        session.info.pop(_MAY_RUN_ALONE, None)  # its first statement decides
        return await session.connection()
    connection = await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
    session.info[_RAN_ALONE] = True
    guarded = session.info[_GUARDED] = connection.info
    guarded[_ONE_STATEMENT] = True
    return connection


def _refuse_more_than_one(engine: AsyncEngine) -> None:
    """Makes a connection given out by `connection_for_change` refuse every statement after
    the next one, until the change ends. One listener for the engine: one of the connection's
    own, added and removed for each change, cost a submission ~0.1 ms."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _count(connection: Any, *_: Any) -> None:
        may_run = connection.info.get(_ONE_STATEMENT)
        if may_run:
            connection.info[_ONE_STATEMENT] = False
        elif may_run is not None:
            raise RuntimeError("A change made by one statement outside a transaction block went on to write more")


def end_of_change(session: AsyncSession) -> None:
    """The change `session` was allowed to make alone has ended: what it read after (a payload)
    may run, each statement on its own."""
    session.info.pop(_MAY_RUN_ALONE, None)
    if (guarded := session.info.pop(_GUARDED, None)) is not None:
        guarded.pop(_ONE_STATEMENT, None)


@asynccontextmanager
async def transaction(sessionmaker: SessionMaker) -> AsyncIterator[AsyncSession]:
    """One unit of work for code outside a request (commands, workers)."""
    async with sessionmaker() as session, session.begin():
        yield session


def asyncpg_dsn(url: str) -> str:
    """The same database as a URL asyncpg itself accepts (for LISTEN, outside SQLAlchemy)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, parts.fragment))
