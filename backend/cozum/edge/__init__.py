"""The HTTP edge: what a request may send and how slowly, and what every answer carries.

Everything here runs before GraphQL sees a request, so a refusal costs no parsing, no
database and no memory beyond the limit.
"""

from starlette.middleware import Middleware

from cozum.config import Settings
from cozum.edge.body import BodyLimitMiddleware
from cozum.edge.headers import SecurityHeadersMiddleware
from cozum.edge.proxy import trusted_proxy_middleware


def edge_middleware(settings: Settings) -> list[Middleware]:
    """Outermost first: the client's address is known before anything else looks at it,
    and the refusals the body limit sends carry the security headers too."""
    return [
        *trusted_proxy_middleware(settings),
        Middleware(SecurityHeadersMiddleware, settings=settings),
        Middleware(BodyLimitMiddleware, settings=settings),
    ]
