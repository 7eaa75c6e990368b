"""Security headers on every HTTP answer: pages, GraphQL, health and metrics alike.

The policy is the front end's (no inline script, no eval, nothing from elsewhere but map
tiles); an answer that brings a policy of its own (GraphiQL's page) keeps it.
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cozum.attachments.storage import file_origin
from cozum.config import Settings

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_EXTERNAL = re.compile(r"""<(?:script|link)\b[^>]*?\b(?:src|href)="(https://[^"/]+)/""")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def tile_source(url_template: str) -> str | None:
    """`https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`."""
    parts = urlsplit(url_template)
    host = _PLACEHOLDER.sub("*", parts.netloc)
    if parts.scheme not in ("http", "https") or not host or "*" in host.removeprefix("*."):
        return None
    return f"{parts.scheme}://{host}"


def page_policy(settings: Settings) -> str:
    tiles = tile_source(settings.map_tile_url) if settings.map_tile_url else None
    files = file_origin(settings)  # attachments from an object store (S3): its presigned URLs
    images = "'self' data:" + (f" {tiles}" if tiles else "") + (f" {files}" if files else "")
    media = f"media-src 'self' {files}; " if files else ""
    return (
        f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; {media}connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


def graphiql_policy(html: str) -> str:
    """What the GraphiQL page needs to run, and no more: its CDN, its one inline script (by
    hash, so no other inline script runs), and inline styles (its editor sets them)."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    hosts = " ".join(sorted(set(_EXTERNAL.findall(html))))
    return (
        f"default-src 'self'; script-src 'self' {hosts} {hashes}; style-src 'self' 'unsafe-inline' {hosts}; "
        f"font-src 'self' data: {hosts}; img-src 'self' data:; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.headers = {
            "content-security-policy": page_policy(settings),
            "x-content-type-options": "nosniff",
            "referrer-policy": "same-origin",
        }
        if not settings.is_development and settings.secure_cookies:
            self.headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
