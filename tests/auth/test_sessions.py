"""Staff sign in with a session cookie; signing out ends the session for good."""

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from tests.conftest import LOGIN, STAFF_PASSWORD
from tests.fixtures.graphql import GraphQLClient

ME = "{ me { name role email } }"


async def _user(engine: AsyncEngine, email: str = "zabita@example.org", active: bool = True) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        user = await create_user(session, email, STAFF_PASSWORD, StaffRole.AGENT, "Zabıta Memuru", "ZABITA")
        user.active = active


async def test_login_sets_an_http_only_session_cookie(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    response = await client.http.post("/graphql", json={
        "query": LOGIN, "variables": {"email": "ZABITA@example.org ", "password": STAFF_PASSWORD}})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("cozum_session=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert (await client.data(ME))["me"] == {"name": "Zabıta Memuru", "role": "AGENT", "email": "zabita@example.org"}


async def test_wrong_password_and_unknown_email_look_the_same(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    wrong = (await client.data(LOGIN, {"email": "zabita@example.org", "password": "nope-nope"}))["login"]
    unknown = (await client.data(LOGIN, {"email": "nobody@example.org", "password": "nope-nope"}))["login"]
    assert wrong == unknown == {"user": None, "userErrors": [{"code": "INVALID_CREDENTIALS"}]}
    assert "cozum_session" not in client.http.cookies
    assert (await client.data(ME))["me"] is None


async def test_deactivated_staff_cannot_sign_in(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, active=False)
    payload = (await client.data(LOGIN, {"email": "zabita@example.org", "password": STAFF_PASSWORD}))["login"]
    assert payload["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]


async def test_logout_revokes_the_session_even_if_the_cookie_is_replayed(
    staff: GraphQLClient, app: object
) -> None:
    token = staff.http.cookies["cozum_session"]
    assert (await staff.data("mutation { logout { ok } }"))["logout"]["ok"] is True
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as other:
        other.cookies.set("cozum_session", token)
        assert (await GraphQLClient(other).data(ME))["me"] is None


async def test_a_forged_cookie_is_anonymous(client: GraphQLClient) -> None:
    client.http.cookies.set("cozum_session", "forged-token")
    assert (await client.data(ME))["me"] is None
