"""The client's address behind a reverse proxy, trusted only when the proxy is one we know.

Per-address limits (sign-in, submissions) count `Context.address`; behind a proxy every
connection comes from the proxy, so its `X-Forwarded-For` names the client instead. From
anyone else that header is the client's own claim and is ignored.
"""

from starlette.middleware import Middleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from cozum.config import Settings


def trusted_proxies(settings: Settings) -> list[str]:
    return [entry.strip() for entry in settings.trusted_proxies.split(",") if entry.strip()]


def trusted_proxy_middleware(settings: Settings) -> list[Middleware]:
    trusted = trusted_proxies(settings)
    return [Middleware(ProxyHeadersMiddleware, trusted_hosts=trusted)] if trusted else []
