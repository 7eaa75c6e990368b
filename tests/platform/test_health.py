import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.config import Settings


async def test_healthz_answers_without_the_database(http: httpx.AsyncClient) -> None:
    response = await http.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(http: httpx.AsyncClient, engine: AsyncEngine) -> None:
    response = await http.get("/readyz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


async def test_readyz_reports_an_unreachable_database(settings: Settings) -> None:
    app = create_app("postgresql://nobody:wrong@127.0.0.1:1/none", settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/readyz")
    await app.state.engine.dispose()
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


async def test_front_end_is_served_at_the_root(http: httpx.AsyncClient) -> None:
    response = await http.get("/")
    assert response.status_code == 200 and "Çözüm" in response.text
