"""Every page and API answer carries the security headers; GraphiQL gets a policy it can run under."""

import base64
import hashlib
import re
from typing import Any

import httpx
import pytest

from cozum.app import create_app
from cozum.frontends import DIST as FRONTEND
from tests.edge.helpers import plain, production

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
PATHS = {
    "the front end": ("GET", "/"),
    "a missing page": ("GET", "/no-such-page.html"),
    "health": ("GET", "/healthz"),
    "readiness": ("GET", "/readyz"),
    "metrics": ("GET", "/metrics"),
    "GraphQL": ("POST", "/graphql"),
    "a refused GraphQL request": ("PUT", "/graphql"),
}


async def answer(app: Any, method: str, path: str, **options: Any) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        return await http.request(method, path, json={"query": "{ __typename }"} if method != "GET" else None, **options)


def policy(response: httpx.Response) -> dict[str, list[str]]:
    directives = (part.split() for part in response.headers["content-security-policy"].split(";") if part.strip())
    return {words[0]: words[1:] for words in directives}


@pytest.mark.parametrize(("method", "path"), PATHS.values(), ids=PATHS.keys())
async def test_every_answer_carries_the_security_headers(app: Any, method: str, path: str) -> None:
    response = await answer(app, method, path)
    assert response.headers["content-security-policy"] == PAGE_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert "strict-transport-security" not in response.headers  # not production, not https


async def test_the_front_end_is_there_to_be_served() -> None:
    assert (FRONTEND / "index.html").is_file()


async def test_a_refusal_at_the_body_limit_carries_them_too(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", content=b"x" * (4 * 1024 * 1024 + 1), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.headers["content-security-policy"] == PAGE_POLICY


async def test_the_map_tile_host_may_serve_images(database_url: str) -> None:
    app = create_app(database_url, plain(COZUM_MAP_TILE_URL="https://{s}.tile.example.org/{z}/{x}/{y}.png"))
    response = await answer(app, "GET", "/healthz")
    await app.state.engine.dispose()
    assert policy(response)["img-src"] == ["'self'", "data:", "https://*.tile.example.org"]


async def test_graphiql_gets_a_policy_that_lets_its_page_run(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200 and "graphiql" in response.text.lower()
    page, rules = response.text, policy(response)
    scripts = re.findall(r'<script[^>]*\bsrc="(https://[^"/]+)/', page)
    styles = re.findall(r'<link[^>]*\bhref="(https://[^"/]+)/', page)
    inline = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert scripts and styles and inline
    assert set(scripts) <= set(rules["script-src"]) and set(styles) <= set(rules["style-src"])
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in rules["script-src"]
    assert "'unsafe-inline'" not in rules["script-src"] and "'unsafe-eval'" not in rules["script-src"]
    assert rules["frame-ancestors"] == ["'none'"] and rules["object-src"] == ["'none'"]


async def test_production_over_https_adds_strict_transport_security(database_url: str) -> None:
    app = create_app(database_url, production(database_url, PUBLIC_BASE_URL="https://cozum.example.org"))
    response = await answer(app, "GET", "/healthz")
    await app.state.engine.dispose()
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")
    assert response.headers["content-security-policy"] == PAGE_POLICY
