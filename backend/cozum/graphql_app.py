from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from cozum.auth import service as auth
from cozum.auth.actor import Actor
from cozum.config import Settings
from cozum.context import Context
from cozum.db import SessionMaker

_FORM_TYPES = ("", "application/x-www-form-urlencoded", "text/plain")


class _JsonBody:
    """A request adapter that reads the body as JSON whatever its declared type."""

    def __init__(self, request: Any) -> None:
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)

    @property
    def content_type(self) -> str:
        return "application/json"


class CozumGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, with our context: the request's session and who is asking."""

    def __init__(self, *args: object, settings: Settings, sessionmaker: SessionMaker, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.settings = settings
        self.sessionmaker = sessionmaker

    async def parse_http_body(self, request: Any) -> Any:
        # `curl -d '{"query": …}'` sends JSON labelled as a form; take it as the JSON it is.
        # Cross-site forms cannot use this to act as staff: the session cookie is SameSite.
        declared = (request.content_type or "").split(";")[0].strip().lower()
        if request.method == "POST" and declared in _FORM_TYPES:
            request = _JsonBody(request)
        return await super().parse_http_body(request)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        context = Context(
            request, response if isinstance(response, Response) else None,
            self.settings, self.sessionmaker,
        )
        token = request.cookies.get(auth.SESSION_COOKIE)
        if token:
            async with context.db() as session:
                user = await auth.user_for_token(session, token)
            if user is not None:
                context.actor = Actor.of(user)
                context.session_token = token
            # Give the connection back now: a document that fails validation never
            # reaches the hook that would otherwise close the session.
            await context.finish(commit=False)
        return context
