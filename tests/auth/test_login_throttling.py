"""Guessing passwords is throttled per account and per address, before any password is checked."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from tests.auth.helpers import audit_rows, post, scalar
from tests.conftest import STAFF_PASSWORD
from tests.fixtures.graphql import GraphQLClient

LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { user { name } retryAfter userErrors { field code } }
}
"""
WRONG = "not the password"
ADDRESS = "127.0.0.1"  # httpx's ASGITransport presents every request from here


async def _user(engine: AsyncEngine, email: str, name: str = "Ayşe Operatör") -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, email, STAFF_PASSWORD, StaffRole.OPERATOR, name)


async def _login(client: GraphQLClient, email: str, password: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await client.data(LOGIN, {"email": email, "password": password}))["login"]
    return payload


async def _fail(client: GraphQLClient, *emails: str) -> None:
    """One wrong password per e-mail given, each still checked (not throttled)."""
    for email in emails:
        payload = await _login(client, email, WRONG)
        assert payload["userErrors"] == [{"field": ["input"], "code": "INVALID_CREDENTIALS"}], email


async def test_the_tenth_attempt_is_refused_even_with_the_right_password(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["ayse@example.org"] * 9)
    response = await post(client.http, LOGIN, {"email": "ayse@example.org", "password": STAFF_PASSWORD})
    payload = response.json()["data"]["login"]
    assert payload["user"] is None
    assert payload["userErrors"] == [{"field": ["input"], "code": "TOO_MANY_ATTEMPTS"}]
    assert 1 <= payload["retryAfter"] <= 60
    assert "set-cookie" not in response.headers
    assert "cozum_session" not in client.http.cookies
    assert await scalar(engine, "SELECT count(*) FROM staff_sessions") == 0


async def test_the_ninth_attempt_is_still_checked(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["ayse@example.org"] * 8)
    payload = await _login(client, "ayse@example.org", STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Ayşe Operatör"}


async def test_the_account_is_counted_whatever_the_case_and_spacing_of_the_email(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["AYSE@example.org", " ayse@Example.ORG ", "Ayse@example.org"] * 3)
    payload = await _login(client, "ayse@example.org", STAFF_PASSWORD)
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_another_account_from_the_same_address_is_not_blocked(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "ayse@example.org")
    await _user(engine, "mehmet@example.org", "Mehmet Operatör")
    await _fail(client, *["ayse@example.org"] * 9)
    assert [e["code"] for e in (await _login(client, "ayse@example.org", WRONG))["userErrors"]] == [
        "TOO_MANY_ATTEMPTS"]
    payload = await _login(client, "mehmet@example.org", STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Mehmet Operatör"}


async def test_thirty_failures_from_one_address_block_even_a_fresh_account(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "fresh@example.org")
    await _fail(client, *[f"guess{i}@example.org" for i in range(30)])
    payload = await _login(client, "fresh@example.org", STAFF_PASSWORD)
    assert payload["user"] is None
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert 1 <= payload["retryAfter"] <= 60


async def test_twenty_nine_failures_from_one_address_do_not_block_it(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "fresh@example.org")
    async with engine.begin() as connection:  # 29 recent failures, as the test above makes 30 of
        await connection.execute(text(
            "INSERT INTO login_failures (email, address, at) "
            "SELECT 'guess' || i || '@example.org', :address, now() FROM generate_series(1, 29) i"
        ), {"address": ADDRESS})
    payload = await _login(client, "fresh@example.org", STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] is not None


async def test_failures_older_than_a_minute_do_not_count(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["ayse@example.org"] * 9)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE login_failures SET at = now() - interval '61 seconds'"))
    payload = await _login(client, "ayse@example.org", STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Ayşe Operatör"}


async def test_retry_after_counts_down_from_the_oldest_failure(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["ayse@example.org"] * 9)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE login_failures SET at = now() - interval '30 seconds'"))
    payload = await _login(client, "ayse@example.org", STAFF_PASSWORD)
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]
    assert 29 <= payload["retryAfter"] <= 31


async def test_each_failed_sign_in_is_audited(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, "ayse@example.org", "nobody@example.org")
    rows = await audit_rows(engine, "LOGIN_FAILED")
    assert [(r["actor_label"], r["address"], r["actor_user_id"]) for r in rows] == [
        ("ayse@example.org", ADDRESS, None), ("nobody@example.org", ADDRESS, None)]


async def test_a_throttled_attempt_is_audited_and_not_counted_as_a_sign_in(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "ayse@example.org")
    await _fail(client, *["ayse@example.org"] * 9)
    await _login(client, "ayse@example.org", STAFF_PASSWORD)
    throttled = await audit_rows(engine, "LOGIN_THROTTLED")
    assert [(r["actor_label"], r["address"]) for r in throttled] == [("ayse@example.org", ADDRESS)]
    assert len(await audit_rows(engine, "LOGIN_FAILED")) == 9
    assert await audit_rows(engine, "LOGIN") == []


async def test_a_successful_sign_in_is_audited_with_the_user(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "ayse@example.org")
    await _login(client, "ayse@example.org", STAFF_PASSWORD)
    user_id = await scalar(engine, "SELECT id FROM users WHERE email = 'ayse@example.org'")
    rows = await audit_rows(engine, "LOGIN")
    assert [(r["actor_user_id"], r["actor_label"], r["address"]) for r in rows] == [
        (user_id, "Ayşe Operatör", ADDRESS)]


async def test_concurrent_guesses_cannot_outrun_the_limit(client: GraphQLClient, engine: AsyncEngine) -> None:
    """Counting and recording an attempt take turns per account: 24 guesses sent at once
    still get the password checked nine times at most."""
    import asyncio

    await _user(engine, "eşzamanlı@example.org")
    answers = await asyncio.gather(*(_login(client, "eşzamanlı@example.org", WRONG) for _ in range(24)))
    codes = [a["userErrors"][0]["code"] for a in answers]
    assert codes.count("INVALID_CREDENTIALS") == 9
    assert codes.count("TOO_MANY_ATTEMPTS") == 15


async def test_a_burst_of_failed_sign_ins_does_not_drain_the_connection_pool(
    client: GraphQLClient, app: Any
) -> None:
    """Each attempt holds one pooled connection at a time, and none while the password is
    checked: 24 at once (more than the pool) all finish promptly."""
    import asyncio

    async with asyncio.timeout(15):
        answers = await asyncio.gather(*(_login(client, f"yok{i}@example.org", WRONG) for i in range(24)))
    assert {a["userErrors"][0]["code"] for a in answers} == {"INVALID_CREDENTIALS"}
    assert app.state.engine.pool.checkedout() == 0
