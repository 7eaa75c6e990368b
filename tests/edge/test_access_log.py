"""uvicorn's line per request: written outside production, left to the reverse proxy in it."""

import logging
from collections.abc import Callable

import httpx
import pytest

from cozum.app import create_app
from cozum.config import Settings
from tests.edge.helpers import plain, production, served


@pytest.mark.parametrize(("settings_of", "logged"), [
    (lambda url: production(url, PUBLIC_BASE_URL="http://localhost:8000"), False),
    (lambda url: production(url, PUBLIC_BASE_URL="http://localhost:8000", COZUM_ACCESS_LOG="true"), True),
    (lambda url: plain(DATABASE_URL=url), True),
])
async def test_a_request_is_logged_only_where_it_should_be(
    database_url: str, settings_of: Callable[[str], Settings], logged: bool,
) -> None:
    settings = settings_of(database_url)
    app = create_app(database_url, settings)
    async with served(app, settings) as (host, port), httpx.AsyncClient() as client:
        response = await client.post(f"http://{host}:{port}/graphql", json={"query": "{ __typename }"})
        # uvicorn writes the line when its access logger has somewhere to write it; with the
        # access log off it leaves that logger none (and it does not propagate to the root's).
        assert logging.getLogger("uvicorn.access").hasHandlers() is logged
    assert response.status_code == 200
