"""Production refuses a plain-http public URL unless it is told TLS ends in front of it."""

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from tests.conftest import LOGIN, STAFF_PASSWORD
from tests.edge.helpers import production


@pytest.mark.parametrize("url", ["http://cozum.example.org", "http://10.0.0.5:8080", "ftp://cozum.example.org"])
def test_production_refuses_a_public_url_that_is_not_https(url: str) -> None:
    with pytest.raises(ValidationError, match="PUBLIC_BASE_URL"):
        production("postgresql://db/cozum", PUBLIC_BASE_URL=url)


def test_production_accepts_an_http_public_url_behind_tls() -> None:
    settings = production("postgresql://db/cozum", PUBLIC_BASE_URL="http://cozum.example.org", COZUM_BEHIND_TLS="true")
    assert settings.secure_cookies


@pytest.mark.parametrize("url", ["http://localhost:8080", "http://127.0.0.1:8000"])
def test_production_accepts_a_loopback_public_url_for_trying_it_locally(url: str) -> None:
    assert not production("postgresql://db/cozum", PUBLIC_BASE_URL=url).secure_cookies


async def test_behind_tls_the_session_cookie_is_secure(database_url: str, engine: AsyncEngine) -> None:
    settings = production(database_url, PUBLIC_BASE_URL="http://cozum.example.org", COZUM_BEHIND_TLS="true")
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, "ops@example.org", STAFF_PASSWORD, StaffRole.OPERATOR, "Ops", None)
    app = create_app(database_url, settings)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        response = await http.post("/graphql", json={"query": LOGIN, "variables": {
            "email": "ops@example.org", "password": STAFF_PASSWORD}})
    await app.state.engine.dispose()
    cookies = response.headers.get_list("set-cookie")
    assert any(c.startswith("cozum_session=") for c in cookies)
    assert all("secure" in c.lower() for c in cookies), cookies
