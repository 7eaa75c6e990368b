"""Which pages may open a WebSocket: the whole origin (scheme, host, port) counts.

A browser attaches the user's cookies to a WebSocket handshake from any page, so the
`Origin` it sends is checked. Comparing host and port alone would let a page served over
plain http (say, injected on a café network) act on the https site's sessions.
"""

from collections.abc import Iterable, Mapping

from strawberry.http.websocket_origin import normalize_origin

from cozum.config import Settings


class OriginPolicy:
    def __init__(self, settings: Settings, allowed: Iterable[str]) -> None:
        own = normalize_origin(settings.public_base_url)
        self.allowed = {origin for origin in (own, *allowed) if origin}
        # Outside production the server is reached under whatever address it listens on.
        self.trust_request_address = settings.is_development

    def allows(self, headers: Mapping[str, str], scheme: str) -> bool:
        origin = headers.get("origin")
        if origin is None:
            return True  # not a browser, so no ambient credentials to abuse
        if "*" in self.allowed:
            return True
        normalized = normalize_origin(origin)
        if normalized is None:
            return False  # "null" (sandboxed frames, file: pages) and garbage
        return normalized in self.allowed or (self.trust_request_address and normalized == _addressed(headers, scheme))


def _addressed(headers: Mapping[str, str], scheme: str) -> str | None:
    """The origin the handshake was sent to: its Host under the matching http(s) scheme."""
    host = headers.get("host")
    page_scheme = "https" if scheme in ("wss", "https") else "http"
    return normalize_origin(f"{page_scheme}://{host}") if host else None
