from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from cozum.context import Context, Shared
from cozum.live.frames import encode, next_frame, next_prefix
from cozum.live.wire import DirectWireTransportWS

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
    """Strawberry's ASGI app, with our context. Who is asking is resolved later, by the
    gatekeeper, so a request refused on its shape never costs a database round trip."""

    # graphql-transport-ws operations get a wire the live hub can write frames to.
    graphql_transport_ws_handler_class = DirectWireTransportWS

    def __init__(self, *args: object, shared: Shared, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.shared = shared
        # id(result data) -> (the data, its JSON); the data is kept so its id is not reused.
        self._encoded: dict[int, tuple[object, str]] = {}

    async def parse_http_body(self, request: Any) -> Any:
        # `curl -d '{"query": …}'` sends JSON labelled as a form; take it as the JSON it is.
        # Cross-site forms cannot use this to act as staff: mutations need the CSRF header.
        declared = (request.content_type or "").split(";")[0].strip().lower()
        if request.method == "POST" and declared in _FORM_TYPES:
            request = _JsonBody(request)
        return await super().parse_http_body(request)

    def encode_json(self, data: object) -> str | bytes:
        """Subscribers of one audience receive the same result object: encode its `data`
        once and splice it into each subscriber's own `next` message."""
        if not isinstance(data, dict) or data.get("type") != "next" or not isinstance(data.get("payload"), dict):
            return super().encode_json(data)
        payload: dict[str, Any] = data["payload"]
        shared = payload.get("data")
        if not isinstance(shared, dict):
            return super().encode_json(data)
        encoded = self._encoded.get(id(shared))
        if encoded is None or encoded[0] is not shared:
            if len(self._encoded) > 32:  # results in flight now; also ordinary query results, which can be large
                self._encoded.clear()
            encoded = self._encoded[id(shared)] = (shared, encode(shared))
        rest = encode({k: v for k, v in payload.items() if k != "data"})[1:-1]
        return next_frame(next_prefix(data["id"]), encoded[1], rest)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        return Context(request, response if isinstance(response, Response) else None, self.shared)
