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
from starlette.responses import FileResponse, Response
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
    """The console, the portal, and their configuration; no pages when the front ends are not built."""
    routes: list[BaseRoute] = [
        Route("/console/config.json", _config_endpoint(_map_config(settings))),
        Route("/config.json", _config_endpoint(_portal_config(settings))),
    ]
    if (dist / "console" / "index.html").is_file():
        routes.append(Mount("/console", SinglePage(directory=dist / "console", html=True), name="console"))
    if (dist / "index.html").is_file():
        # The portal's own pages (each question of the form, the tracking page) are its index.html;
        # any other path stays a 404, so a mistyped URL is not a blank form.
        routes += [Route(path, _portal_page(dist / "index.html")) for path in ("/track", "/request/{step:str}")]
        routes.append(Mount("/", StaticPages(directory=dist, html=True), name="portal"))
    return routes


def _portal_page(index: Path) -> Callable[[Request], Awaitable[Response]]:
    async def page(_: Request) -> Response:
        return FileResponse(index, media_type="text/html", headers={"cache-control": _REVALIDATE})

    return page


def _map_config(settings: Settings) -> dict[str, object]:
    # What the pages cannot know at build time: the deployment's map. Tiles are optional; the
    # forms work by address without them.
    latitude, longitude = (float(part) for part in settings.map_center.split(","))
    return {
        "mapTileUrl": settings.map_tile_url or None,
        "mapAttribution": settings.map_attribution or None,
        "mapCenter": [latitude, longitude],
    }


def _portal_config(settings: Settings) -> dict[str, object]:
    # The portal checks a location and a file's size before sending, so a citizen on a slow
    # connection hears "outside the municipality" or "too large" at once; the server decides.
    area = settings.area
    bounds = {"south": area.south, "west": area.west, "north": area.north, "east": area.east} if area else None
    return {
        **_map_config(settings), "bounds": bounds,
        "maxPhotoBytes": settings.max_photo_bytes, "maxVideoBytes": settings.max_video_bytes,
    }


def _config_endpoint(config: dict[str, object]) -> Callable[[Request], Awaitable[Response]]:
    body = json.dumps(config).encode()

    async def endpoint(_: Request) -> Response:
        return Response(body, media_type="application/json", headers={"cache-control": _REVALIDATE})

    return endpoint
