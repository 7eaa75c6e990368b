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


async def test_json_posted_without_a_content_type_is_understood(http: httpx.AsyncClient) -> None:
    # What `curl -d '{"query": …}'` sends: JSON declared as a form.
    response = await http.post(
        "/graphql", content=b'{"query": "{ departments(first: 1) { totalCount } }"}',
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200 and response.json()["data"]["departments"]["totalCount"] == 15


async def test_a_body_that_is_not_json_is_a_400_with_a_reason(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", content=b"query=%7B%7D", headers={"content-type": "text/plain"})
    assert response.status_code == 400 and "JSON" in response.text


async def test_a_transaction_left_open_is_ended_by_the_server(engine: AsyncEngine) -> None:
    """A safety net under every connection the app opens: a forgotten transaction does not
    hold its locks and its pooled connection for ever."""
    from sqlalchemy import text

    async with engine.connect() as connection:
        setting = (await connection.execute(text("SHOW idle_in_transaction_session_timeout"))).scalar_one()
    assert setting == "5min"
