"""/metrics in Prometheus' text format: this process, its database pool, its live hub.

Each replica has its own figures, so scrape every replica directly (the reverse proxy does not
serve this path). Every value is read when scraped; nothing is kept per request.
"""

from collections.abc import Iterator
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cozum.live.hub import Hub
from cozum.live.metrics import LiveCollector


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
        yield GaugeMetricFamily("cozum_db_pool_size", "Connections the pool keeps open.", self.pool.size())


def metrics_route(engine: AsyncEngine, hub: Hub) -> Route:
    # A registry per app, not prometheus_client's global one: tests build many apps per process.
    registry = CollectorRegistry(auto_describe=False)
    ProcessCollector(registry=registry)
    registry.register(PoolCollector(engine))
    registry.register(LiveCollector(hub))

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return Route("/metrics", metrics)
