"""The citizens' portal as the server hands it out: its pages, its configuration, its assets."""

import re

import httpx

from cozum.app import create_app
from cozum.config import Settings
from tests.conftest import http_client
from tests.edge.test_security_headers import PAGE_POLICY


async def test_every_portal_page_is_the_portal(http: httpx.AsyncClient) -> None:
    for path in ("/", "/track", "/request/category", "/request/check", "/request/done"):
        response = await http.get(path)
        assert response.status_code == 200, path
        assert "<cz-portal>" in response.text, path
        assert response.headers["cache-control"] == "no-cache", path
        assert response.headers["content-security-policy"] == PAGE_POLICY, path


async def test_other_paths_stay_404(http: httpx.AsyncClient) -> None:
    for path in ("/request/category/extra", "/tracking", "/assets/portal-DEADBEEF.js"):
        assert (await http.get(path)).status_code == 404, path


async def test_the_portal_names_only_its_own_hashed_assets(http: httpx.AsyncClient) -> None:
    page = (await http.get("/")).text
    assets = re.findall(r'(?:src|href|content)="(/[^"]+)"', page)
    assert "/config.json" in assets
    assets.remove("/config.json")
    assert len(assets) == 3 and all(re.fullmatch(r"/assets/[\w-]+-[A-Z0-9]{8}\.(js|css)", a) for a in assets), assets
    assert "<script>" not in page and "style=" not in page
    for asset in assets:
        response = await http.get(asset)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_the_portal_does_not_carry_the_consoles_labels(http: httpx.AsyncClient) -> None:
    page = (await http.get("/")).text
    script = re.search(r'<script type="module" src="([^"]+)"', page)
    assert script
    code = (await http.get(script.group(1))).text
    assert "portal.start.title" in code
    assert "admin.staff.new" not in code and "queue.empty" not in code


async def test_without_bounds_the_portal_accepts_anywhere(http: httpx.AsyncClient) -> None:
    config = (await http.get("/config.json")).json()
    assert config == {
        "mapTileUrl": None, "mapAttribution": None, "mapCenter": [38.2056, 37.1983], "bounds": None,
        "maxPhotoBytes": 10 * 1024 * 1024, "maxVideoBytes": 50 * 1024 * 1024,
    }


async def test_the_portal_learns_the_municipalitys_bounds_and_limits(database_url: str) -> None:
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_BOUNDS="38.1,37.0,38.3,37.4", COZUM_MAX_PHOTO_BYTES=2048)
    app = create_app(database_url, settings)
    async with http_client(app) as http:
        config = (await http.get("/config.json")).json()
        console = (await http.get("/console/config.json")).json()
    await app.state.engine.dispose()
    assert config["bounds"] == {"south": 38.1, "west": 37.0, "north": 38.3, "east": 37.4}
    assert config["maxPhotoBytes"] == 2048
    # The console's configuration is the map alone.
    assert set(console) == {"mapTileUrl", "mapAttribution", "mapCenter"}
