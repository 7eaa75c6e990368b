"""Requests refused whole, answered in GraphQL's error shape so clients parse one format."""

import json
from collections.abc import Mapping

from starlette.responses import Response
from starlette.types import Send

CODES = {
    400: "BAD_REQUEST",
    401: "NOT_AUTHENTICATED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    413: "PAYLOAD_TOO_LARGE",
    500: "INTERNAL_SERVER_ERROR",
}


class Refused(Exception):
    """Raised where reading a request goes wrong; whoever started the response turns it into one."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = dict(headers or {})


def error_body(status: int, message: str) -> bytes:
    error = {"message": message, "extensions": {"code": CODES.get(status, "BAD_REQUEST")}}
    return json.dumps({"data": None, "errors": [error]}, separators=(",", ":")).encode()


def error_response(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return Response(error_body(status, message), status_code=status, media_type="application/json", headers=headers)


async def send_error(send: Send, refused: Refused, *, close: bool) -> None:
    """For ASGI middleware; `close` ends the connection once the answer is written."""
    body = error_body(refused.status, refused.message)
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *([(b"connection", b"close")] if close else []),
        *((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in refused.headers.items()),
    ]
    await send({"type": "http.response.start", "status": refused.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
