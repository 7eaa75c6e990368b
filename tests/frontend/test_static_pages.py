"""The built front ends as the server hands them out: routes, caching, configuration, headers."""

import re

import httpx

from tests.edge.test_security_headers import PAGE_POLICY


async def test_console_routes_are_the_consoles_page(http: httpx.AsyncClient) -> None:
    for path in ("/console/", "/console/tickets/VGlja2V0OjE", "/console/admin/categories", "/console/sign-in"):
        response = await http.get(path)
        assert response.status_code == 200, path
        assert "<cz-console>" in response.text
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-security-policy"] == PAGE_POLICY


async def test_the_console_page_names_only_its_own_hashed_assets(http: httpx.AsyncClient) -> None:
    page = (await http.get("/console/")).text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and all(re.fullmatch(r"/console/assets/[\w-]+-[A-Z0-9]{8}\.(js|css)", a) for a in assets), assets
    assert "<script>" not in page and "style=" not in page
    for asset in assets:
        response = await http.get(asset)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_a_missing_asset_is_a_404_not_the_page(http: httpx.AsyncClient) -> None:
    assert (await http.get("/console/assets/console-DEADBEEF.js")).status_code == 404
    assert (await http.get("/console/favicon.png")).status_code == 404


async def test_the_console_learns_the_map_from_the_configuration(http: httpx.AsyncClient) -> None:
    config = (await http.get("/console/config.json")).json()
    assert config == {"mapTileUrl": None, "mapAttribution": None, "mapCenter": [38.2056, 37.1983]}


async def test_the_portal_is_served_at_the_root(http: httpx.AsyncClient) -> None:
    response = await http.get("/")
    assert response.status_code == 200 and 'lang="tr"' in response.text
