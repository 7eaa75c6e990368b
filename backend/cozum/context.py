"""Per-request state: who is asking, the request's one database session, the loaders."""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from cozum.auth.actor import ANONYMOUS, Actor
from cozum.auth.credentials import KeyUseGate
from cozum.auth.rate_limit import RateLimiter
from cozum.config import Settings
from cozum.db import SessionMaker, transaction
from cozum.kit.address_limits import AnonymousLimits
from cozum.loaders import Loaders

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
    hub: Any = None


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
        self.actor: Actor = ANONYMOUS
        self.auth_method: str | None = None
        self.session_token: str | None = None
        self.authenticated = False
        self.authenticating = asyncio.Lock()
        # On a WebSocket: the connection's context, of which each operation's is a fork.
        self.parent: Context | None = None
        self.operations = 0  # operations the connection has started
        self.key_rate_limit: int | None = None
        # Set by the WebSocket protocols from `connection_init`; may carry an API key.
        self.connection_params: dict[str, Any] | None = None
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()
        self.loaders = Loaders(self)

    def fork(self) -> "Context":
        """The same caller with a session and loaders of its own.

        A WebSocket connection runs many operations, concurrently, on one context; each
        gets a fork, so a mutation's transaction is never finished by a live event
        delivered to a subscription on the same connection.
        """
        fork = Context(self.request, self.response, self.shared)
        fork.actor, fork.auth_method, fork.session_token = self.actor, self.auth_method, self.session_token
        fork.authenticated, fork.connection_params = self.authenticated, self.connection_params
        fork.key_rate_limit, fork.parent = self.key_rate_limit, self
        return fork

    def sign_out(self) -> None:
        """Anonymous from now on, and so is the connection this operation runs on."""
        for context in (self, self.parent):
            if context is not None:
                context.actor, context.auth_method, context.session_token = ANONYMOUS, None, None

    @property
    def address(self) -> str:
        """The client's IP address, what per-address limits count. Behind a reverse proxy listed
        in COZUM_TRUSTED_PROXIES it is the address the proxy forwarded (cozum/edge/proxy.py
        rewrites the connection's client before anything reads it); otherwise the peer's own."""
        return self.request.client.host if self.request.client else "unknown"

    def _get_session(self) -> AsyncSession:
        if self._session is None:
            self._session = self.shared.sessionmaker()
        return self._session

    @asynccontextmanager
    async def db(self) -> AsyncIterator[AsyncSession]:
        async with self._lock:
            yield self._get_session()

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A savepoint per mutation field: a refused mutation leaves no trace."""
        async with self._lock:
            session = self._get_session()
            undos: list[Undo] = session.info.setdefault(_UNDO, [])
            mark = len(undos)
            try:
                async with session.begin_nested():
                    yield session
            except BaseException:
                await _run_undo(undos[mark:])
                del undos[mark:]
                raise

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
        """The request boundary: the only place a request's changes are committed."""
        if self._session is None:
            return  # the common case between live events: nothing was read
        async with self._lock:
            session, self._session = self._session, None
            if session is None:
                return
            undos: list[Undo] = session.info.pop(_UNDO, [])
            try:
                if commit and session.in_transaction():
                    await session.commit()
                    undos = []  # kept
                else:
                    await session.rollback()
            finally:
                await session.close()
                await _run_undo(undos)

    async def renew(self) -> None:
        """Between two events of a long-lived connection: give back the connection used
        for the last one, and start the next with empty loaders (fresh data)."""
        await self.finish(commit=False)
        self.loaders = Loaders(self)


Info = StrawberryInfo[Context, Any]
