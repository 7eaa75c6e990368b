"""Liveness and readiness, for the orchestrator."""

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


def health_routes(engine: AsyncEngine) -> list[Route]:
    async def healthz(_: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(2):
                async with engine.connect() as connection:
                    await connection.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any failure means "not ready", with no detail leaked
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "ok"})

    return [Route("/healthz", healthz), Route("/readyz", readyz)]
