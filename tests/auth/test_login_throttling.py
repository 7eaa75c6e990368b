"""Guessing passwords is slowed per address, per (address, account) pair and per account,
before any password is checked — and never so that the owner is locked out: a browser
that signed in to the account before carries a device cookie and is counted on its own."""

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.devices import DEVICE_COOKIE
from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.auth.throttle import (
    MAX_FAILURES_PER_ACCOUNT,
    MAX_FAILURES_PER_ADDRESS,
    MAX_FAILURES_PER_DEVICE,
    MAX_FAILURES_PER_PAIR,
)
from cozum.db import create_sessionmaker, transaction
from tests.auth.helpers import audit_rows, post, scalar
from tests.conftest import STAFF_PASSWORD, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import use_cheap_passwords

LOGIN = """
mutation($email: String!, $password: String!) {
  login(input: {email: $email, password: $password}) { user { name } retryAfter userErrors { field code } }
}
"""
WRONG = "not the password"
AYSE = "ayse@example.org"
ADDRESS = "127.0.0.1"  # httpx's ASGITransport presents requests from here unless told otherwise
CHECKED = [{"field": ["input"], "code": "INVALID_CREDENTIALS"}]
THROTTLED = [{"field": ["input"], "code": "TOO_MANY_ATTEMPTS"}]


@pytest.fixture(autouse=True)
def _cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    use_cheap_passwords(monkeypatch)


async def _user(engine: AsyncEngine, email: str = AYSE, name: str = "Ayşe Operatör") -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, email, STAFF_PASSWORD, StaffRole.OPERATOR, name)


def _from(app: Any, address: str) -> GraphQLClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://testserver"))


async def _login(client: GraphQLClient, email: str, password: str) -> dict[str, Any]:
    payload: dict[str, Any] = (await client.data(LOGIN, {"email": email, "password": password}))["login"]
    return payload


async def _fail(client: GraphQLClient, *emails: str) -> None:
    """One wrong password per e-mail given, each still checked (not throttled)."""
    for email in emails:
        assert (await _login(client, email, WRONG))["userErrors"] == CHECKED, email


async def _attack(app: Any, email: str, addresses: int) -> None:
    """One wrong guess from each of `addresses` addresses."""
    for i in range(addresses):
        await _fail(_from(app, f"203.0.113.{i + 1}"), email)


async def _device_of(app: Any, email: str = AYSE, address: str = "198.51.100.20") -> GraphQLClient:
    """A fresh browser holding only the device cookie of an earlier sign-in to `email`."""
    earlier = _from(app, address)
    assert (await _login(earlier, email, STAFF_PASSWORD))["userErrors"] == []
    browser = _from(app, address)
    browser.http.cookies.set(DEVICE_COOKIE, earlier.http.cookies[DEVICE_COOKIE], path="/graphql")
    return browser


def _codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


# --- one address, one account ---------------------------------------------------------------


async def test_the_pair_is_slowed_even_for_the_right_password(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    response = await post(client.http, LOGIN, {"email": AYSE, "password": STAFF_PASSWORD})
    payload = response.json()["data"]["login"]
    assert payload["user"] is None and payload["userErrors"] == THROTTLED
    assert 1 <= payload["retryAfter"] <= 60
    assert response.headers["retry-after"] == str(payload["retryAfter"])
    assert "cozum_session" not in client.http.cookies
    assert await scalar(engine, "SELECT count(*) FROM staff_sessions") == 0


async def test_the_last_attempt_within_the_pairs_limit_is_still_checked(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine)
    await _fail(client, *[AYSE] * (MAX_FAILURES_PER_PAIR - 1))
    payload = await _login(client, AYSE, STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Ayşe Operatör"}


async def test_the_account_is_counted_whatever_the_case_and_spacing_of_the_email(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine)
    await _fail(client, "AYSE@example.org", " ayse@Example.ORG ", "Ayse@example.org", AYSE, "AYSE@EXAMPLE.ORG")
    assert _codes(await _login(client, AYSE, STAFF_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]


async def test_a_slowed_pair_holds_back_neither_the_account_elsewhere_nor_other_accounts_here(
    app: Any, client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine)
    await _user(engine, "mehmet@example.org", "Mehmet Operatör")
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    assert _codes(await _login(client, AYSE, WRONG)) == ["TOO_MANY_ATTEMPTS"]
    assert (await _login(client, "mehmet@example.org", STAFF_PASSWORD))["user"] == {"name": "Mehmet Operatör"}
    assert (await _login(_from(app, "198.51.100.9"), AYSE, STAFF_PASSWORD))["user"] == {"name": "Ayşe Operatör"}


async def test_addresses_of_one_ipv6_network_are_one_pair(app: Any, engine: AsyncEngine) -> None:
    await _user(engine)
    for i in range(MAX_FAILURES_PER_PAIR):
        await _fail(_from(app, f"2001:db8:7:8::{i + 1}"), AYSE)
    assert _codes(await _login(_from(app, "2001:db8:7:8::ff"), AYSE, STAFF_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]


# --- one address, many accounts -------------------------------------------------------------


async def test_one_address_is_slowed_after_thirty_failures_even_for_a_fresh_account(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "fresh@example.org")
    await _fail(client, *[f"guess{i}@example.org" for i in range(MAX_FAILURES_PER_ADDRESS)])
    payload = await _login(client, "fresh@example.org", STAFF_PASSWORD)
    assert payload["user"] is None and payload["userErrors"] == THROTTLED
    assert 1 <= payload["retryAfter"] <= 60


async def test_twenty_nine_failures_from_one_address_do_not_slow_it(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine, "fresh@example.org")
    async with engine.begin() as connection:  # as many recent failures as the test above makes, less one
        await connection.execute(text(
            "INSERT INTO login_failures (email, address, at) "
            "SELECT 'guess' || i || '@example.org', :address, now() FROM generate_series(1, :n) i"
        ), {"address": ADDRESS, "n": MAX_FAILURES_PER_ADDRESS - 1})
    payload = await _login(client, "fresh@example.org", STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] is not None


# --- many addresses, one account ------------------------------------------------------------


async def test_an_attack_from_many_addresses_is_slowed_account_wide(app: Any, engine: AsyncEngine) -> None:
    await _user(engine)
    await _attack(app, AYSE, MAX_FAILURES_PER_ACCOUNT)
    payload = await _login(_from(app, "203.0.113.200"), AYSE, WRONG)
    assert payload["userErrors"] == THROTTLED and 1 <= payload["retryAfter"] <= 60
    # A slowdown, not a lock: a minute on, the account takes guesses (and its owner) again.
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE login_failures SET at = now() - interval '61 seconds'"))
    assert (await _login(_from(app, "203.0.113.201"), AYSE, STAFF_PASSWORD))["user"] == {"name": "Ayşe Operatör"}


async def test_the_owner_with_their_device_cookie_signs_in_while_the_account_is_under_attack(
    app: Any, engine: AsyncEngine
) -> None:
    await _user(engine)
    owner = await _device_of(app)
    await _attack(app, AYSE, MAX_FAILURES_PER_ACCOUNT)
    assert _codes(await _login(_from(app, "203.0.113.77"), AYSE, STAFF_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]
    payload = await _login(owner, AYSE, STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Ayşe Operatör"}


async def test_the_device_cookie_also_outlasts_an_attack_from_the_owners_own_address(
    app: Any, engine: AsyncEngine
) -> None:
    """A shared office address (NAT) slowed by someone else's guessing does not shut out a
    colleague whose browser is known."""
    await _user(engine)
    owner = await _device_of(app, address="198.51.100.20")
    office = _from(app, "198.51.100.20")
    await _fail(office, *[AYSE] * MAX_FAILURES_PER_PAIR)
    await _fail(office, *[f"guess{i}@example.org" for i in range(MAX_FAILURES_PER_ADDRESS - MAX_FAILURES_PER_PAIR)])
    assert _codes(await _login(office, AYSE, STAFF_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]
    assert (await _login(owner, AYSE, STAFF_PASSWORD))["user"] == {"name": "Ayşe Operatör"}


async def test_a_device_cookie_counts_only_for_its_own_account(app: Any, engine: AsyncEngine) -> None:
    await _user(engine)
    await _user(engine, "mallory@example.org", "Mallory")
    attacker = await _device_of(app, "mallory@example.org")  # signed in to an account of their own
    await _attack(app, AYSE, MAX_FAILURES_PER_ACCOUNT)
    assert _codes(await _login(attacker, AYSE, WRONG)) == ["TOO_MANY_ATTEMPTS"]


async def test_a_forged_device_cookie_is_no_device_cookie(app: Any, engine: AsyncEngine) -> None:
    await _user(engine)
    owner = await _device_of(app)
    value = owner.http.cookies[DEVICE_COOKIE]
    forged = _from(app, "203.0.113.99")
    forged.http.cookies.set(DEVICE_COOKIE, value[:-1] + ("0" if value[-1] != "0" else "1"), path="/graphql")
    await _attack(app, AYSE, MAX_FAILURES_PER_ACCOUNT)
    assert _codes(await _login(forged, AYSE, STAFF_PASSWORD)) == ["TOO_MANY_ATTEMPTS"]


async def test_a_device_is_slowed_on_its_own_without_holding_back_the_account(
    app: Any, engine: AsyncEngine
) -> None:
    await _user(engine)
    device = await _device_of(app)
    await _fail(device, *[AYSE] * MAX_FAILURES_PER_DEVICE)
    payload = await _login(device, AYSE, STAFF_PASSWORD)
    assert payload["userErrors"] == THROTTLED and 1 <= payload["retryAfter"] <= 60
    assert (await _login(_from(app, "198.51.100.30"), AYSE, STAFF_PASSWORD))["userErrors"] == []


async def test_the_device_cookie_is_httponly_for_the_account_and_survives_signing_out(
    app: Any, engine: AsyncEngine
) -> None:
    await _user(engine)
    http = http_client(app)
    response = await post(http, LOGIN, {"email": AYSE, "password": STAFF_PASSWORD})
    device = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{DEVICE_COOKIE}=")]
    assert len(device) == 1 and "httponly" in device[0].lower() and "samesite=strict" in device[0].lower()
    assert AYSE not in device[0]  # the cookie names no account
    csrf = http.cookies["cozum_csrf"]
    logout = await post(http, "mutation { logout { ok } }", headers={"X-CSRF-Token": csrf})
    assert logout.json()["data"]["logout"]["ok"] and DEVICE_COOKIE in http.cookies


async def test_one_browser_is_remembered_for_several_accounts(app: Any, engine: AsyncEngine) -> None:
    await _user(engine)
    await _user(engine, "mehmet@example.org", "Mehmet Operatör")
    shared = _from(app, "198.51.100.20")
    for email in (AYSE, "mehmet@example.org"):
        assert (await _login(shared, email, STAFF_PASSWORD))["userErrors"] == []
    browser = _from(app, "198.51.100.20")
    browser.http.cookies.set(DEVICE_COOKIE, shared.http.cookies[DEVICE_COOKIE], path="/graphql")
    for email in (AYSE, "mehmet@example.org"):
        await _attack(app, email, MAX_FAILURES_PER_ACCOUNT)
    assert (await _login(browser, AYSE, STAFF_PASSWORD))["userErrors"] == []
    assert (await _login(browser, "mehmet@example.org", STAFF_PASSWORD))["userErrors"] == []


# --- the window -----------------------------------------------------------------------------


async def test_failures_older_than_a_minute_do_not_count_and_are_not_kept(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine)
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE login_failures SET at = now() - interval '61 seconds'"))
    await _fail(client, "nobody@example.org")
    # Addresses are personal data: a failure is kept only as long as it counts.
    assert await scalar(engine, "SELECT count(*) FROM login_failures") == 1
    payload = await _login(client, AYSE, STAFF_PASSWORD)
    assert payload["userErrors"] == [] and payload["user"] == {"name": "Ayşe Operatör"}


async def test_retry_after_counts_down_from_the_oldest_failure(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE login_failures SET at = now() - interval '30 seconds'"))
    payload = await _login(client, AYSE, STAFF_PASSWORD)
    assert _codes(payload) == ["TOO_MANY_ATTEMPTS"]
    assert 29 <= payload["retryAfter"] <= 31


# --- the record -----------------------------------------------------------------------------


async def test_each_failed_sign_in_is_audited(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    await _fail(client, AYSE, "nobody@example.org")
    rows = await audit_rows(engine, "LOGIN_FAILED")
    assert [(r["actor_label"], r["address"], r["actor_user_id"]) for r in rows] == [
        (AYSE, ADDRESS, None), ("nobody@example.org", ADDRESS, None)]


async def test_a_throttled_attempt_is_audited_and_not_counted_as_a_sign_in(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    await _user(engine)
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    await _login(client, AYSE, STAFF_PASSWORD)
    throttled = await audit_rows(engine, "LOGIN_THROTTLED")
    assert [(r["actor_label"], r["address"]) for r in throttled] == [(AYSE, ADDRESS)]
    assert len(await audit_rows(engine, "LOGIN_FAILED")) == MAX_FAILURES_PER_PAIR
    assert await audit_rows(engine, "LOGIN") == []


async def test_a_flood_of_throttled_attempts_is_audited_once_a_minute(client: GraphQLClient, engine: AsyncEngine) -> None:
    # Each refusal was a row: one client refused a hundred times a second grew the log by as much.
    await _user(engine)
    await _fail(client, *[AYSE] * MAX_FAILURES_PER_PAIR)
    for _ in range(20):
        assert _codes(await _login(client, AYSE, WRONG)) == ["TOO_MANY_ATTEMPTS"]
    assert len(await audit_rows(engine, "LOGIN_THROTTLED")) == 1


async def test_a_successful_sign_in_is_audited_with_the_user(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine)
    await _login(client, AYSE, STAFF_PASSWORD)
    user_id = await scalar(engine, "SELECT id FROM users WHERE email = :email", email=AYSE)
    rows = await audit_rows(engine, "LOGIN")
    assert [(r["actor_user_id"], r["actor_label"], r["address"]) for r in rows] == [
        (user_id, "Ayşe Operatör", ADDRESS)]


# --- concurrency ----------------------------------------------------------------------------


async def _at_once(attempts: list[tuple[GraphQLClient, str]]) -> list[str]:
    answers = await asyncio.gather(*(_login(client, email, WRONG) for client, email in attempts))
    return [a["userErrors"][0]["code"] for a in answers]


async def test_concurrent_guesses_on_one_pair_cannot_outrun_its_limit(client: GraphQLClient, engine: AsyncEngine) -> None:
    await _user(engine, "eşzamanlı@example.org")
    codes = await _at_once([(client, "eşzamanlı@example.org")] * 24)
    assert codes.count("INVALID_CREDENTIALS") == MAX_FAILURES_PER_PAIR
    assert codes.count("TOO_MANY_ATTEMPTS") == 24 - MAX_FAILURES_PER_PAIR


async def test_concurrent_guesses_from_many_addresses_cannot_outrun_the_accounts_limit(
    app: Any, engine: AsyncEngine
) -> None:
    await _user(engine)
    codes = await _at_once([(_from(app, f"203.0.113.{i + 1}"), AYSE) for i in range(24)])
    assert codes.count("INVALID_CREDENTIALS") == MAX_FAILURES_PER_ACCOUNT


async def test_concurrent_guesses_on_many_accounts_cannot_outrun_the_addresss_limit(client: GraphQLClient) -> None:
    codes = await _at_once([(client, f"yok{i}@example.org") for i in range(MAX_FAILURES_PER_ADDRESS + 10)])
    assert codes.count("INVALID_CREDENTIALS") == MAX_FAILURES_PER_ADDRESS


async def test_a_burst_of_failed_sign_ins_does_not_drain_the_connection_pool(
    client: GraphQLClient, app: Any
) -> None:
    """Each attempt holds one pooled connection at a time, and none while the password is
    checked: 24 at once (more than the pool) all finish promptly."""
    async with asyncio.timeout(15):
        codes = await _at_once([(client, f"yok{i}@example.org") for i in range(24)])
    assert set(codes) == {"INVALID_CREDENTIALS"}
    assert app.state.engine.pool.checkedout() == 0
