"""Per-request state: who is asking, the request's one database session, the loaders."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from graphql import GraphQLError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from cozum.auth.actor import ANONYMOUS, Actor
from cozum.config import Settings
from cozum.db import SessionMaker
from cozum.kit.errors import GraphQLErrorCode
from cozum.loaders import Loaders


class Context:
    """One request's unit of work.

    All resolvers of a request share one session, taken in turn under a lock: sibling
    fields resolve concurrently and one asyncpg connection runs one statement at a time.
    Sharing (rather than a session per loader) costs one pooled connection per request
    and lets a mutation's payload read what the mutation just wrote before the commit.
    """

    def __init__(
        self,
        request: Request | WebSocket,
        response: Response | None,
        settings: Settings,
        sessionmaker: SessionMaker,
    ) -> None:
        self.request = request
        self.response = response
        self.settings = settings
        self.actor: Actor = ANONYMOUS
        self.session_token: str | None = None
        self._sessionmaker = sessionmaker
        self._session: AsyncSession | None = None
        self._lock = asyncio.Lock()
        self.loaders = Loaders(self)

    def _get_session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
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
            async with session.begin_nested():
                yield session

    async def finish(self, commit: bool) -> None:
        """The request boundary: the only place a request's changes are committed."""
        session, self._session = self._session, None
        if session is None:
            return
        try:
            if commit and session.in_transaction():
                await session.commit()
            else:
                await session.rollback()
        finally:
            await session.close()

    def require_staff(self) -> Actor:
        if not self.actor.is_staff:
            raise GraphQLError(
                "Sign in as staff to do this.",
                extensions={"code": GraphQLErrorCode.NOT_AUTHENTICATED.value},
            )
        return self.actor


Info = StrawberryInfo[Context, Any]
