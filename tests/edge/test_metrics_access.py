"""/metrics: open in development, for the bearer of COZUM_METRICS_TOKEN alone in production."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cozum.app import create_app
from tests.edge.helpers import production

TOKEN = "m3trics-t0ken-for-prometheus"


@pytest.fixture
async def with_token(database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(database_url, production(database_url, COZUM_METRICS_TOKEN=TOKEN))
    async with client_of(app) as http:
        yield http
    await app.state.engine.dispose()


def client_of(app: Any) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_development_serves_metrics_to_anyone(http: httpx.AsyncClient) -> None:
    response = await http.get("/metrics")
    assert response.status_code == 200 and "process_resident_memory_bytes" in response.text


async def test_production_without_a_token_has_no_metrics(database_url: str) -> None:
    app = create_app(database_url, production(database_url))
    async with client_of(app) as http:
        response = await http.get("/metrics", headers={"authorization": "Bearer anything"})
    await app.state.engine.dispose()
    assert response.status_code == 404 and response.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer ş"])
async def test_production_refuses_metrics_without_the_token(with_token: httpx.AsyncClient, authorization: str | None) -> None:
    headers = {"authorization": authorization.encode()} if authorization else {}
    response = await with_token.get("/metrics", headers=headers)
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_AUTHENTICATED"
    assert "process_" not in response.text


async def test_production_serves_metrics_to_the_token(with_token: httpx.AsyncClient) -> None:
    response = await with_token.get("/metrics", headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200 and "cozum_db_pool_connections" in response.text
