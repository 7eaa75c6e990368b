"""Per-request state: who is asking, the request's one database session, the loaders."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from cozum.auth.actor import Actor
from cozum.auth.cache import CredentialCache
from cozum.auth.credentials import NOBODY, AuthMethod, Credentials, KeyUseGate
from cozum.auth.rate_limit import RateLimiter
from cozum.auth.revocation import announced
from cozum.config import Settings
from cozum.db import SessionMaker, allow_statement_alone, end_of_change, ran_alone, transaction
from cozum.kit.address_limits import AnonymousLimits
from cozum.loaders import Loaders
from cozum.reads.direct import DirectReads
from cozum.reads.prepared import PreparedReads

if TYPE_CHECKING:  # the hub works on contexts: a cycle for the type checker only
    from cozum.live.hub import Hub

logger = logging.getLogger(__name__)

Undo = Callable[[], Awaitable[None]]
_UNDO = "cozum.undo"  # the key in the session's `info`


def on_rollback(session: AsyncSession, undo: Undo) -> None:
    """Run `undo` should what `session` holds now never be committed: the mutation's savepoint
    rolls back, or the request's transaction does, or its commit fails. For what a transaction
    cannot take back itself (files written to storage); run by a request's Context only."""
    session.info.setdefault(_UNDO, []).append(undo)


async def undo_uncommitted(session: AsyncSession) -> None:
    """The same for a transaction outside any request (a worker's): run what `on_rollback`
    registered when the transaction did not commit."""
    await _run_undo(session.info.pop(_UNDO, []))


async def _run_undo(undos: list[Undo]) -> None:
    for undo in reversed(undos):
        try:
            await undo()
        except Exception:
            logger.exception("Could not undo an effect of a rolled-back request")


@dataclass
class Shared:
    """Process-wide state the requests share."""

    settings: Settings
    sessionmaker: SessionMaker
    rate_limiter: RateLimiter = field(default_factory=RateLimiter)
    key_use: KeyUseGate = field(default_factory=KeyUseGate)
    anonymous_limits: AnonymousLimits = field(default_factory=AnonymousLimits)
    hub: "Hub | None" = None
    # Until started (the app's lifespan does), every request looks its caller up.
    credential_cache: CredentialCache = field(init=False)
    direct_reads: DirectReads = field(init=False)  # the compiled read path's statements
    prepared_reads: PreparedReads = field(default_factory=PreparedReads)

    def __post_init__(self) -> None:
        self.credential_cache = CredentialCache(self.engine)
        self.direct_reads = DirectReads(self.engine)

    @property
    def engine(self) -> AsyncEngine:
        engine: AsyncEngine = self.sessionmaker.kw["bind"]
        return engine


class Context:
    """One request's unit of work.

    All resolvers of a request share one session, taken in turn under a lock: sibling
    fields resolve concurrently and one asyncpg connection runs one statement at a time.
    Sharing (rather than a session per loader) costs one pooled connection per request
    and lets a mutation's payload read what the mutation just wrote before the commit.
    """

    def __init__(self, request: Request | WebSocket, response: Response | None, shared: Shared) -> None:
        self.request = request
        self.response = response
        self.shared = shared
        self.settings = shared.settings
        self.credentials: Credentials = NOBODY
        self.authenticated = False
        self.authenticating = asyncio.Lock()
        # On a WebSocket: the connection's context, of which each operation's is a fork.
        self.parent: Context | None = None
        self.operations = 0  # operations the connection has started
        # Set by the WebSocket protocols from `connection_init`; may carry an API key.
        self.connection_params: dict[str, Any] | None = None
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()
        self._lender: Context | None = None  # whose session this context reads with
        self.loaders = Loaders(self)

    def fork(self) -> "Context":
        """The same caller with a session and loaders of its own.

        A WebSocket connection runs many operations, concurrently, on one context; each
        gets a fork, so a mutation's transaction is never finished by a live event
        delivered to a subscription on the same connection.
        """
        fork = Context(self.request, self.response, self.shared)
        fork.credentials, fork.authenticated = self.credentials, self.authenticated
        fork.connection_params, fork.parent = self.connection_params, self
        return fork

    def reading_with(self, lender: "Context") -> "Context":
        """This context reads with `lender`'s session, taken in turn with it, and leaves ending
        it to `lender`. For the live hub's renderings of a batch (live/broadcast.py), which only
        read: a session of their own each would hold a pooled connection per audience until the
        batch ends, and past the pool's size the batch would wait for itself."""
        self._lender, self._lock = lender, lender._lock
        return self

    def sign_out(self) -> None:
        """Anonymous from now on, and so is the connection this operation runs on."""
        for context in (self, self.parent):
            if context is not None:
                context.credentials = NOBODY

    @property
    def actor(self) -> Actor:
        return self.credentials.actor

    @property
    def auth_method(self) -> AuthMethod | None:
        return self.credentials.method

    @property
    def session_token(self) -> str | None:
        return self.credentials.session_token

    @property
    def address(self) -> str:
        """The client's IP address, what per-address limits count. Behind a reverse proxy listed
        in COZUM_TRUSTED_PROXIES it is the address the proxy forwarded (cozum/edge/proxy.py
        rewrites the connection's client before anything reads it); otherwise the peer's own."""
        return self.request.client.host if self.request.client else "unknown"

    def _get_session(self) -> AsyncSession:
        if self._lender is not None:
            return self._lender._get_session()
        if self._session is None:
            self._session = self.shared.sessionmaker()
        return self._session

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            yield self._get_session()

    @asynccontextmanager
    async def write(self, alone: bool = False) -> AsyncIterator[AsyncSession]:
        """A savepoint per mutation field: a refused mutation leaves no trace.

        `alone`: the field is its operation's only one, and its service may make its change in
        one statement outside a transaction block (db.connection_for_change). Asked by a field
        whose payload can fail in no way that would have to take the change back. Such a change
        is kept once its statement has ended, even should the request be cancelled after.
        """
        assert self._lender is None, "a context reading with another's session never writes"
        async with self._lock:
            session = await self._session_for_write()
            undos: list[Undo] = session.info.setdefault(_UNDO, [])
            mark = len(undos)
            try:
                if session.in_transaction():
                    async with session.begin_nested():
                        yield session
                else:
                    # Nothing read or written yet in this request (a document's one mutation,
                    # as most are): its transaction holds this field's changes alone, and rolling
                    # it back undoes them as a savepoint would, without SAVEPOINT and RELEASE.
                    # Begun now, so that a field that wrote nothing but what `on_rollback`
                    # undoes is kept (committed) at the request's end all the same. A field that
                    # may run alone lets its first statement decide (it has no such effects).
                    if alone:
                        allow_statement_alone(session)
                    else:
                        await session.connection()
                    try:
                        yield session
                        await session.flush()  # as RELEASE SAVEPOINT would: the field's own errors
                    except BaseException:
                        await session.rollback()
                        raise
                    finally:
                        end_of_change(session)
            except BaseException:
                await _run_undo(undos[mark:])
                del undos[mark:]
                raise

    async def _session_for_write(self) -> AsyncSession:
        """The request's session, unless a field before ran its change outside a transaction
        block (in practice: its own first try, run again by kit/mutations.py in a transaction):
        a savepoint needs one, so this field starts a session of its own."""
        session = self._get_session()
        if ran_alone(session):
            await self._end_session(session, commit=True)
            session = self._get_session()
        return session

    @asynccontextmanager
    async def independent(self) -> AsyncIterator[AsyncSession]:
        """A transaction of its own, committed whatever becomes of the request's.

        For records that must survive a refusal: failed logins, reveals of personal data.
        """
        async with transaction(self.shared.sessionmaker) as session:
            # The request waits for this transaction while its own stays open: should this one
            # ever need a lock the request holds, the wait would never end by itself (only when
            # PostgreSQL drops the idle request, minutes later). Fail instead, and soon.
            connection = await session.connection()
            await connection.exec_driver_sql("SET LOCAL lock_timeout = '5s'")
            yield session

    async def finish(self, commit: bool) -> None:
        """The request boundary: the only place a request's changes are committed (but for a
        field's one statement run outside a transaction block, kept as it ended: `write`)."""
        if self._session is None:
            return  # the common case between live events: nothing was read (or it was lent)
        async with self._lock:
            if self._session is not None:
                await self._end_session(self._session, commit)

    async def give_back(self) -> None:
        """Ends the session as `finish(commit=False)` does, but what it read stays readable:
        detached, not expired as a rollback would leave it. For the live hub's renderings,
        whose loaders go on serving those rows with a new session (live/broadcast.py)."""
        async with self._lock:
            if self._session is not None:
                self._session.expunge_all()
                await self._end_session(self._session, commit=False)

    async def _end_session(self, session: AsyncSession, commit: bool) -> None:
        self._session = None
        undos: list[Undo] = session.info.pop(_UNDO, [])
        try:
            changed_credentials = commit and announced(session)
            if ran_alone(session) and not (session.new or session.dirty or session.deleted):
                # Each of its statements was kept as it ended: nothing to commit or roll back
                # (the ORM's commit would still cost a submission its CPU, for nothing).
                if commit:
                    undos = []
            elif commit and session.in_transaction():
                await session.commit()
                undos = []  # kept
            else:
                await session.rollback()
        finally:
            await session.close()
            await _run_undo(undos)
        if changed_credentials:
            await self.shared.credential_cache.fence()

    async def renew(self) -> None:
        """Between two events of a long-lived connection: give back the connection used
        for the last one, and start the next with empty loaders (fresh data)."""
        await self.finish(commit=False)
        self.loaders = Loaders(self)


Info = StrawberryInfo[Context, Any]
