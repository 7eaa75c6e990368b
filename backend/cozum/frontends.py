"""The static front ends: the staff console at /console/ and the citizens' portal at /.

Both are files built by `frontend/build.mjs`; nothing here runs Node. Asset names carry a hash
of their content, so they may be cached for a year; the pages that name them never are.
"""

import json
import os
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from cozum.config import Settings

DIST = Path(os.environ.get("COZUM_FRONTEND_DIR", Path(__file__).resolve().parents[2] / "frontend" / "dist"))
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


class StaticPages(StaticFiles):
    """Static files with the cache policy above."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers["cache-control"] = _IMMUTABLE if path.startswith("assets/") else _REVALIDATE
        return response


class SinglePage(StaticPages):
    """The console's own routes (/console/tickets/…) are not files: they all get its index.html,
    and the page shows what the URL names. A missing asset stays a 404."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or path.startswith("assets/") or "." in path.rsplit("/", 1)[-1]:
                raise
            return await super().get_response("index.html", scope)


def frontend_routes(settings: Settings, dist: Path = DIST) -> list[BaseRoute]:
    """The console, its configuration, and the portal; none when the front ends are not built."""
    routes: list[BaseRoute] = [Route("/console/config.json", _config_endpoint(settings))]
    if (dist / "console" / "index.html").is_file():
        routes.append(Mount("/console", SinglePage(directory=dist / "console", html=True), name="console"))
    if (dist / "index.html").is_file():
        routes.append(Mount("/", StaticPages(directory=dist, html=True), name="portal"))
    return routes


def _config_endpoint(settings: Settings) -> Callable[[Request], Awaitable[Response]]:
    # What the pages cannot know at build time: the deployment's map. Tiles are optional; the
    # forms work by address without them.
    latitude, longitude = (float(part) for part in settings.map_center.split(","))
    body = json.dumps({
        "mapTileUrl": settings.map_tile_url or None,
        "mapAttribution": settings.map_attribution or None,
        "mapCenter": [latitude, longitude],
    }).encode()

    async def config(_: Request) -> Response:
        return Response(body, media_type="application/json", headers={"cache-control": _REVALIDATE})

    return config
