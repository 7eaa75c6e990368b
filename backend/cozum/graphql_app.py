import asyncio
import json
import logging
import os
from contextlib import nullcontext
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData

from cozum.attachments import uploads
from cozum.context import Context, Shared
from cozum.edge import request_data
from cozum.edge.body import is_large
from cozum.edge.errors import Refused, error_response
from cozum.edge.headers import graphiql_policy
from cozum.edge.json_body import THREAD_ABOVE_BYTES, BadJson, decode, decode_body
from cozum.edge.origins import OriginPolicy
from cozum.live.encoded import EncodedResults
from cozum.live.frames import encode, next_frame, next_prefix
from cozum.live.legacy_ws import LegacyGraphQLWSHandler
from cozum.live.wire import DirectWireTransportWS

logger = logging.getLogger(__name__)


def _declared_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()

# `curl -d '{"query": …}'` sends JSON labelled as a form; take it as the JSON it is.
# Cross-site forms cannot use this to act as staff: mutations need the CSRF header.
_JSON_TYPES = ("application/json", "", "application/x-www-form-urlencoded", "text/plain")
# A 4 MiB body of JSON becomes some 40 MB of Python objects while it is decoded and its variables
# coerced: a few at a time per process, so that many at once cannot add up to gigabytes. The
# others wait before their bodies are read (the server holds them back, in the socket).
LARGE_AT_ONCE = 4


class CozumGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, with our context. Who is asking is resolved later, by the
    gatekeeper, so a request refused on its shape never costs a database round trip."""

    # graphql-transport-ws operations get a wire the live hub can write frames to.
    graphql_transport_ws_handler_class = DirectWireTransportWS
    graphql_ws_handler_class = LegacyGraphQLWSHandler

    def __init__(self, *args: object, shared: Shared, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.shared = shared
        self.origins = OriginPolicy(shared.settings, self.allowed_origins)
        self._encoded = EncodedResults()
        self._large = asyncio.Semaphore(LARGE_AT_ONCE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        multipart = request.method == "POST" and _declared_type(request) == "multipart/form-data"
        try:
            if multipart:
                await self._read_uploads(request)
            # Uploads are spooled to files, not decoded into objects: they need no turn here.
            async with self._large if is_large(scope, THREAD_ABOVE_BYTES) and not multipart else nullcontext():
                response = await self.run(request)
        except HTTPException as error:  # the client's mistake, in GraphQL's error shape
            response = error_response(error.status_code, error.reason)
        except Refused:
            raise  # the edge middleware answers these (the body was too large, or too slow)
        except ClientDisconnect:
            return  # gone before its body arrived: no one to answer
        except Exception:
            logger.exception("GraphQL request failed outside execution")
            response = error_response(500, "Unexpected error.")
        finally:
            if multipart:
                await request.close()  # the uploads' temporary files
        await response(scope, receive, send)

    async def _read_uploads(self, request: Request) -> None:
        """A multipart POST is what a cross-site form can send without asking: from a foreign page
        it is refused before its body is read. (Staff sessions also need the CSRF header, as for
        every cookie-authenticated mutation; see gatekeeper.py.)"""
        if not self.origins.allows(request.headers, request.url.scheme):
            raise HTTPException(403, "Uploads are accepted from Çözüm's own pages only.")
        await uploads.read_form(request, self.shared.settings.max_body_bytes)

    async def parse_http_body(self, request: Any) -> GraphQLRequestData:
        if request.method == "GET":
            return request_data.from_query_params(request.query_params)
        declared = (request.content_type or "").split(";")[0].strip().lower()
        if declared == "multipart/form-data":  # read already, by _read_uploads
            return request_data.from_json(uploads.operations_of((await request.get_form_data()).form))
        if declared not in _JSON_TYPES:
            raise HTTPException(400, "Send the request as application/json.")
        try:
            data = await decode_body(await request.get_body())
        except BadJson as error:
            raise HTTPException(400, error.msg) from None
        return request_data.from_json(data)

    def decode_json(self, data: str | bytes) -> object:
        """WebSocket messages and Strawberry's own parsing: never a Python error, bounded nesting."""
        return decode(data)

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """An HTTP response's body by orjson: several times faster than json, and it writes the
        JSON that PostgreSQL built for a whole answer (an `orjson.Fragment`) as it is."""
        response = Response(_http_json(response_data), media_type="application/json")
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        response.status_code = sub_response.status_code or 200
        return response

    def encode_json(self, data: object) -> str | bytes:
        """WebSocket messages, as text. Subscribers of one audience receive the same result
        object: encode its `data` once and splice it into each subscriber's `next` message."""
        if not isinstance(data, dict) or data.get("type") != "next" or not isinstance(data.get("payload"), dict):
            return super().encode_json(data)
        payload: dict[str, Any] = data["payload"]
        shared = payload.get("data")
        if not isinstance(shared, dict):
            return super().encode_json(data)
        if any(isinstance(value, orjson.Fragment) for value in shared.values()):
            return orjson.dumps(data).decode()  # a query answered in SQL, never shared
        rest = encode({k: v for k, v in payload.items() if k != "data"})[1:-1]
        return next_frame(next_prefix(data["id"]), self._encoded.get(shared), rest)

    async def render_graphql_ide(self, request: Request) -> Response:
        html = self.graphql_ide_html
        return HTMLResponse(html, headers={"Content-Security-Policy": graphiql_policy(html)})

    def _check_websocket_origin(self, request: WebSocket) -> bool:
        # Strawberry compares host and port only; the scheme counts too (see edge/origins.py).
        allowed = self.origins.allows(self.get_websocket_headers(request), request.scope.get("scheme", "ws"))
        if not allowed:
            logger.warning("Refused a WebSocket from origin %r", request.headers.get("origin"))
        return allowed

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        if not isinstance(response, Response):
            return Context(request, None, self.shared)
        if self.shared.settings.is_development:
            # Which of `cozum serve --workers N` answered: tests follow a revocation to each.
            response.headers["x-cozum-worker"] = str(os.getpid())
        return Context(request, response, self.shared)


def _http_json(data: object) -> bytes | str:
    try:
        return orjson.dumps(data)
    except TypeError:  # what orjson refuses and json writes: integers past 64 bits, lone surrogates
        return json.dumps(data, separators=(",", ":"))
