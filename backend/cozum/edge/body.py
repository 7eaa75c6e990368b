"""A request body is read within a size limit and a deadline, or refused part-way.

The server hands the body over in chunks as it arrives; counting them here means a
64 MB body costs at most the limit (plus a chunk) before it is refused, and a body
trickled a byte at a time cannot hold a connection and a task open forever.
"""

import asyncio

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cozum.config import Settings
from cozum.edge.errors import Refused, send_error


def _header(scope: Scope, name: bytes) -> bytes | None:
    return next((value for key, value in scope["headers"] if key == name), None)


def _declared_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length")
    return int(value) if value is not None and value.strip().isdigit() else None


def is_large(scope: Scope, above: int) -> bool:
    """Whether a request's body is over `above` bytes, or of a length not said (chunked)."""
    declared = _declared_length(scope)
    return declared > above if declared is not None else _header(scope, b"transfer-encoding") is not None


def _too_large(limit: int) -> Refused:
    return Refused(413, f"The request body is larger than the limit of {limit} bytes.")


class _BoundedBody:
    """`receive`, counting the body's bytes and keeping its deadline until the last chunk."""

    def __init__(self, receive: Receive, limit: int, timeout: float) -> None:
        self._receive = receive
        self._limit = limit
        self._timeout = timeout
        self._received = 0
        self._deadline: float | None = None
        self._complete = False

    async def __call__(self) -> Message:
        if self._complete:  # afterwards the app only waits for the client to disconnect
            return await self._receive()
        if self._deadline is None:
            self._deadline = asyncio.get_running_loop().time() + self._timeout
        try:
            async with asyncio.timeout_at(self._deadline):
                message = await self._receive()
        except TimeoutError:
            raise Refused(408, f"The request body did not arrive within {self._timeout:g} s.") from None
        if message["type"] != "http.request":
            self._complete = True
            return message
        self._received += len(message.get("body", b""))
        if self._received > self._limit:
            raise _too_large(self._limit)
        self._complete = not message.get("more_body", False)
        return message


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.limit = settings.max_body_bytes
        self.upload_limit = settings.max_upload_bytes
        self.timeout = settings.body_timeout_seconds

    def _limit_for(self, scope: Scope) -> int:
        content_type = (_header(scope, b"content-type") or b"").split(b";")[0].strip().lower()
        return self.upload_limit if content_type == b"multipart/form-data" else self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            declared = _declared_length(scope)
            if declared is not None and declared > limit:
                raise _too_large(limit)  # before a single byte of it is read
            await self.app(scope, _BoundedBody(receive, limit, self.timeout), watched)
        except Refused as refused:
            if started:
                raise  # too late for an answer: the server drops the connection
            # A body too large is still arriving: the server throws the rest away for a while
            # so the client can read this answer (see edge/server.py). A client that waits for
            # `100 Continue` sends no body at all, and a slow one has had its time.
            waiting = _header(scope, b"expect") == b"100-continue"
            await send_error(send, refused, close=refused.status != 413 or waiting)
