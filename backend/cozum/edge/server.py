"""How uvicorn serves Çözüm: the request headers must arrive within a deadline.

uvicorn's only timer is keep-alive (an idle connection between requests). A client that
opens a connection and sends nothing, or sends its headers a byte every few seconds, holds a
connection forever. The protocol class below arms a timer when a connection opens and when
a next request starts on it, and disarms it once the request's headers are complete; the
body's own deadline is the body middleware's. The same timer bounds how long the rest of a
refused body is read and thrown away.
"""

import asyncio
from typing import Any

import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from cozum.config import Settings, get_settings
from cozum.edge.errors import error_body

MAX_HEADER_BYTES = 64 * 1024


def _response(status: int, reason: str, message: str) -> bytes:
    body = error_body(status, message)
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\nconnection: close\r\n"
        f"content-length: {len(body)}\r\n\r\n"
    ).encode() + body


_TIMEOUT = _response(408, "Request Timeout", "The request headers did not arrive in time.")
_TOO_LARGE = _response(431, "Request Header Fields Too Large", f"The request headers exceed {MAX_HEADER_BYTES} bytes.")
_NOT_HTTP = _response(400, "Bad Request", "The request is not valid HTTP/1.1.")


def with_header_deadline(base: type[asyncio.Protocol], seconds: float) -> type[asyncio.Protocol]:
    """`base` is uvicorn's httptools or h11 protocol; both keep the request in `self.cycle`."""

    class HeaderDeadline(base):  # type: ignore[valid-type,misc]
        _timer: asyncio.TimerHandle | None = None
        _header_bytes = 0
        _refused = False

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm(_TIMEOUT)

        def data_received(self, data: bytes) -> None:
            if self._refused:
                return  # answered already: what still arrives is thrown away until we close
            before = self.cycle
            between_requests = before is None or before.response_complete
            # Answered before its body was all read (413): uvicorn reads the rest and throws it
            # away, so the client, still sending, gets to read the answer. For a while only.
            draining = before is not None and before.response_complete and before.more_body
            super().data_received(data)
            if self.cycle is not before or self.transport.is_closing() or self.transport.get_protocol() is not self:
                self._disarm()  # headers complete (a new request began), closed, or now a WebSocket
            elif draining:
                if self._timer is None:
                    self._arm(None)
            elif between_requests:
                if self._timer is None:
                    self._arm(_TIMEOUT)  # the first bytes of a next request on a kept-alive connection
                self._header_bytes += len(data)
                if self._header_bytes > MAX_HEADER_BYTES:
                    self._refuse(_TOO_LARGE)

        def send_400_response(self, msg: str) -> None:
            # What the parser refuses (framing, both lengths, garbage) is answered in our JSON
            # shape too, not uvicorn's plain text.
            self._disarm()
            self.transport.write(_NOT_HTTP)
            self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self, response: bytes | None) -> None:
            self._header_bytes = 0
            self._timer = self.loop.call_later(seconds, self._refuse, response)

        def _disarm(self) -> None:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

        def _refuse(self, response: bytes | None) -> None:
            self._disarm()
            if self.transport.is_closing():
                return
            if response is None or not self.transport.can_write_eof():
                self.transport.close()
                return
            # Closing a socket with unread data resets it, and the client would lose the answer:
            # end our side, then read and discard what the client still sends, for a while.
            self.transport.write(response)
            self.transport.write_eof()
            self._refused = True
            self._timer = self.loop.call_later(seconds, self.transport.close)

    HeaderDeadline.__name__ = f"HeaderDeadline{base.__name__}"
    return HeaderDeadline


def server_config(app: Any, settings: Settings, host: str, port: int, **options: Any) -> uvicorn.Config:
    http = with_header_deadline(AutoHTTPProtocol, settings.header_timeout_seconds)
    return uvicorn.Config(app, host=host, port=port, http=http, **_options(settings), **options)


def workers_config(settings: Settings, host: str, port: int, workers: int, **options: Any) -> uvicorn.Config:
    """For `cozum serve --workers N`. uvicorn's supervisor binds the socket once and starts N
    processes that accept from it (each has its own loop, hub, listeners and queue loops;
    the queues' claims use SKIP LOCKED, so several loops share them). It restarts a worker
    that dies and stops them all on SIGTERM; SO_REUSEPORT would spread connections more
    evenly but needs a supervisor of our own. A worker is a new interpreter (spawned, not
    forked: no threads or connections to inherit half-copied), so it gets the application
    and the protocol by name and builds them from its environment's settings."""
    return uvicorn.Config(
        "cozum.app:worker_app", factory=True, host=host, port=port, workers=workers,
        http="cozum.edge.server:SettingsHeaderDeadline", **_options(settings), **options,
    )


# By name: `cozum serve --workers N` spawns workers that import it (see workers_config).
WEBSOCKETS = "cozum.edge.websocket:GatheringWebSocketProtocol"


def _options(settings: Settings) -> dict[str, Any]:
    return {
        # The client's address comes from the app's own trusted-proxy setting (cozum/edge/proxy.py);
        # uvicorn's would trust X-Forwarded-For from any local process by default.
        "proxy_headers": False,
        # A WebSocket message is bounded like a request body: it is JSON parsed on the loop.
        "ws_max_size": settings.max_body_bytes,
        "h11_max_incomplete_event_size": 64 * 1024,
        # Compression state costs ~41 KiB per WebSocket and CPU per message, for messages
        # of a few hundred bytes: a poor trade with thousands of live consoles.
        "ws_per_message_deflate": False,
        "ws": WEBSOCKETS,
        "access_log": settings.logs_requests,
    }


def __getattr__(name: str) -> type[asyncio.Protocol]:
    # `SettingsHeaderDeadline`, which a worker of `workers_config` imports: made on demand
    # so that importing this module reads no settings.
    if name == "SettingsHeaderDeadline":
        return with_header_deadline(AutoHTTPProtocol, get_settings().header_timeout_seconds)
    raise AttributeError(name)
