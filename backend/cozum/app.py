"""The ASGI application: GraphQL, health checks, metrics and the static front end."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.routing import Route, WebSocketRoute

from cozum.attachments.routes import files_route
from cozum.config import Settings, get_settings
from cozum.context import Shared
from cozum.db import asyncpg_dsn, create_engine, create_sessionmaker
from cozum.edge import edge_middleware
from cozum.frontends import frontend_routes
from cozum.graphql_app import CozumGraphQL
from cozum.live.hub import Hub
from cozum.open311.routes import open311_routes
from cozum.ops.health import health_routes
from cozum.ops.metrics import metrics_route
from cozum.schema import Limits, create_schema
from cozum.whatsapp.routes import whatsapp_routes
from cozum.workers import background_workers, start_all, stop_all


def create_app(database_url: str, settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()
    engine = create_engine(database_url, settings.db_pool_size)
    schema = create_schema(Limits(
        max_depth=settings.graphql_max_depth, max_aliases=settings.graphql_max_aliases,
        max_tokens=settings.graphql_max_tokens, max_cost=settings.graphql_max_cost,
        max_fields=settings.graphql_max_fields, max_length=settings.graphql_max_length,
        validation_ms=settings.graphql_validation_ms, compiled_reads=settings.compiled_reads,
        mask_errors=not settings.is_development, guard_introspection=not settings.is_development,
    ))
    sessionmaker = create_sessionmaker(engine)
    hub = Hub(asyncpg_dsn(database_url), sessionmaker)
    shared = Shared(settings, sessionmaker, hub=hub)
    graphql = CozumGraphQL(
        schema, shared=shared,
        graphql_ide="graphiql" if settings.is_development else None,
        keep_alive=True, keep_alive_interval=15,
        connection_init_wait_timeout=timedelta(seconds=10),
        allowed_origins=[o.strip() for o in settings.allowed_origins.split(",") if o.strip()],
    )

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await hub.start()
        await shared.credential_cache.start()
        # The queues (outbox, inbound webhooks, outgoing webhooks), unless `cozum worker`
        # processes work on them instead (COZUM_WORKER=off).
        workers = background_workers(database_url, settings) if settings.worker == "inprocess" else []
        await start_all(workers)
        try:
            yield
        finally:
            await stop_all(workers)
            await shared.credential_cache.stop()
            await hub.stop()
            await engine.dispose()

    routes = [
        *health_routes(engine),
        metrics_route(engine, hub, settings),
        Route("/graphql", graphql),  # every method: the view answers others with a JSON 405
        WebSocketRoute("/graphql", graphql),
        files_route(settings),  # local attachments, by signed URL
        *whatsapp_routes(settings),  # Meta's webhook: the WhatsApp line's messages and receipts
        open311_routes(settings),  # GeoReport v2, before the front ends' catch-all
    ]
    routes.extend(frontend_routes(settings))
    app = Starlette(routes=routes, lifespan=lifespan, middleware=edge_middleware(settings))
    app.state.engine = engine
    app.state.hub = hub
    app.state.shared = shared  # for routes outside GraphQL that act as a request (open311)
    return app


def worker_app() -> Starlette:
    """One process of `cozum serve --workers N`: the supervisor migrated the database and
    left its URL in DATABASE_URL."""
    settings = get_settings()
    assert settings.database_url is not None
    application = create_app(settings.database_url, settings)
    settle_heap()
    return application


def settle_heap() -> None:
    """What exists once the app is built lives as long as the process: keep it out of every
    collection, and collect the young generation less often (a fan-out allocates a lot
    that dies young)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)
