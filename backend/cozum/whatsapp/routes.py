"""`/webhooks/whatsapp`: Meta's verification handshake, and its signed event calls.

An event call is checked and stored, nothing more: its signature over the raw bytes first
(before a byte of it is parsed), then its size and that it is a JSON object; it is answered 200
as soon as the row is committed, and the processor (processor.py) does the rest. Meta retries
what is not answered 200 within seconds, so nothing slow may happen here.
"""

import hashlib
import hmac
import json
import logging

from sqlalchemy import insert
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from cozum.config import Settings
from cozum.edge.errors import error_response
from cozum.whatsapp.models import InboundEvent

log = logging.getLogger(__name__)
PATH = "/webhooks/whatsapp"
SOURCE = "whatsapp"
SIGNATURE_HEADER = "x-hub-signature-256"
_PREFIX = "sha256="


def signature_of(secret: str, body: bytes) -> str:
    """The header value Meta sends with `body`."""
    return _PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signed_by(secret: str, body: bytes, headers: list[str]) -> bool:
    """True when one of the headers (a proxy may add a copy) is the body's signature.

    Compared whole and in constant time: a timing difference would let the hex be guessed a
    digit at a time. "SHA256=" and upper-case hex name the same digest, so case is not held
    against a caller; a header of the wrong shape compares as unequal, like any other."""
    expected = signature_of(secret, body).encode()
    given = [header.strip().lower().encode("utf-8", "replace") for header in headers]
    matches = [hmac.compare_digest(expected, header) for header in given]  # every one, not up to a match
    return any(matches)


def verify(settings: Settings, request: Request) -> Response:
    query = request.query_params
    token = query.get("hub.verify_token", "")
    matches = hmac.compare_digest(token.encode("utf-8", "replace"), settings.whatsapp_verify_token.encode())
    if query.get("hub.mode") != "subscribe" or not matches:
        return PlainTextResponse("Verification refused.", status_code=403)
    return PlainTextResponse(query.get("hub.challenge", ""))


class _TooLarge(Exception):
    pass


async def _read(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it passes `limit`: a Content-Length may lie or be absent."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _TooLarge
    return bytes(body)


def _is_object(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body), dict)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested past the parser
        return False


async def receive(settings: Settings, request: Request) -> Response:
    secret = settings.whatsapp_app_secret
    if not secret:
        # Unsigned calls are never taken: without the secret nothing can be checked.
        log.warning("a WhatsApp call was refused: WHATSAPP_APP_SECRET is not set")
        return error_response(503, "The WhatsApp line is not configured (WHATSAPP_APP_SECRET).")
    headers = request.headers.getlist(SIGNATURE_HEADER)
    if not headers:
        return error_response(401, f"The {SIGNATURE_HEADER} header is missing.")
    try:
        body = await _read(request, settings.whatsapp_max_body_bytes)
    except _TooLarge:
        return error_response(413, f"The body is larger than {settings.whatsapp_max_body_bytes} bytes.")
    if not signed_by(secret, body, headers):
        return error_response(403, "The signature does not match the body.")
    if not _is_object(body):
        return error_response(400, "The body is not a JSON object.")
    async with request.app.state.engine.begin() as connection:  # one short transaction, then 200
        row = InboundEvent(source=SOURCE, body=body).model_dump(exclude={"id"})
        await connection.execute(insert(InboundEvent).values(**row))
    return JSONResponse({"received": True})


def whatsapp_routes(settings: Settings) -> list[Route]:
    async def endpoint(request: Request) -> Response:
        if request.method == "GET":
            return verify(settings, request)
        return await receive(settings, request)

    return [Route(PATH, endpoint, methods=["GET", "POST"])]
