"""/metrics in Prometheus' text format: this process, its database pool, its live hub, and
the notification outbox (the same figures from every process).

Each replica has its own figures, so scrape every replica directly (the reverse proxy does not
serve this path). Every value is read when scraped; nothing is kept per request. In production
the figures (memory, pool, how many consoles are live) are for the operator alone: a bearer
token from COZUM_METRICS_TOKEN, and without one the path does not exist.
"""

import hmac
from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cozum.config import Settings
from cozum.edge.errors import error_response
from cozum.live.hub import Hub
from cozum.live.metrics import LiveCollector
from cozum.notifications.metrics import OutboxCollector


class PoolCollector:
    def __init__(self, engine: AsyncEngine) -> None:
        self.pool: Any = engine.sync_engine.pool

    def collect(self) -> Iterator[Metric]:
        connections = GaugeMetricFamily(
            "cozum_db_pool_connections", "Pooled PostgreSQL connections of this process.", labels=["state"]
        )
        connections.add_metric(["in_use"], self.pool.checkedout())
        connections.add_metric(["idle"], self.pool.checkedin())
        yield connections
        yield GaugeMetricFamily("cozum_db_pool_size", "The most connections the pool opens.", self.pool.size())


def _same(presented: str, expected: str) -> bool:
    # Bytes, not str: compare_digest refuses non-ASCII text, and headers may carry any byte.
    given, wanted = (text.encode("utf-8", "surrogateescape") for text in (presented, expected))
    return hmac.compare_digest(given, wanted)


def _refusal(request: Request, settings: Settings) -> Response | None:
    if settings.is_development:
        return None
    if not settings.metrics_token:
        return error_response(404, "Not found.")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and _same(token.strip(), settings.metrics_token):
        return None
    return error_response(401, "Send the metrics token as a bearer token.", {"WWW-Authenticate": "Bearer"})


def metrics_route(engine: AsyncEngine, hub: Hub, settings: Settings) -> Route:
    # A registry per app, not prometheus_client's global one: tests build many apps per process.
    registry = CollectorRegistry(auto_describe=False)
    ProcessCollector(registry=registry)
    registry.register(PoolCollector(engine))
    registry.register(LiveCollector(hub))
    outbox = OutboxCollector(engine)  # read from the tables: the same in every process
    registry.register(outbox)

    async def metrics(request: Request) -> Response:
        refusal = _refusal(request, settings)
        if refusal is not None:
            return refusal
        await outbox.refresh()
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics)
