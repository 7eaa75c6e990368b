"""Who a cookie or key stands for, remembered per process: free when remembered, and
forgotten by the very next request after anything that ends or changes it."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.api_keys import revoke_api_key
from cozum.auth.cache import CredentialCache
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.revocation import CHANNEL, announced
from cozum.db import create_sessionmaker, transaction
from tests.auth.helpers import REVOKE_KEY, TICKET_COUNT, error_code, key_client, make_key, post
from tests.conftest import LOGIN, STAFF_PASSWORD, SqlLog, http_client, signed_in
from tests.fixtures.graphql import GraphQLClient

ME = "{ me { id } }"
TYPENAME = "{ __typename }"
UPDATE_USER = """
mutation($input: UpdateStaffUserInput!) {
  updateStaffUser(input: $input) { user { id } userErrors { code } }
}
"""
RESET_PASSWORD = """
mutation($id: ID!) { resetStaffPassword(input: {id: $id}) { user { id } userErrors { code } } }
"""
LOGOUT = "mutation { logout { ok userErrors { code } } }"
LOGOUT_EVERYWHERE = "mutation { logoutEverywhere { ok userErrors { code } } }"
KEYS = "{ apiKeys(first: 1) { totalCount } }"


@pytest.fixture
async def cache(app: Any) -> AsyncIterator[CredentialCache]:
    """The app's cache, listening as under `cozum serve` (the app's lifespan starts it)."""
    cache: CredentialCache = app.state.shared.credential_cache
    await cache.start()
    assert cache.trusted
    yield cache
    await cache.stop()


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Büşra Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()


async def _as_cookie(app: Any, token: str, query: str) -> dict[str, Any]:
    """`query` sent with `token` as the session cookie, by a client that kept it."""
    async with http_client(app) as http:
        response = await post(http, query, headers={"cookie": f"cozum_session={token}"})
    body: dict[str, Any] = response.json()
    return body


async def _warm(app: Any, cache: CredentialCache, token: str) -> str:
    """Signs in twice with `token`, the second time from memory; the staff member's id."""
    before = len(cache)
    me = (await _as_cookie(app, token, ME))["data"]["me"]
    assert me is not None and len(cache) == before + 1
    assert (await _as_cookie(app, token, ME))["data"]["me"] == me
    user_id: str = me["id"]
    return user_id


async def signed_in_again(app: Any, email: str) -> str:
    """A second session of an existing account: its token."""
    async with http_client(app) as http:
        await post(http, LOGIN, {"email": email, "password": STAFF_PASSWORD})
        token: str = http.cookies["cozum_session"]
    return token


async def test_a_remembered_session_costs_no_statement(
    app: Any, cache: CredentialCache, staff: GraphQLClient, client: GraphQLClient, sql_log: SqlLog,
) -> None:
    await staff.data(TYPENAME)
    sql_log.clear()
    await client.data(TYPENAME)
    anonymous = list(sql_log.statements)
    sql_log.clear()
    await staff.data(TYPENAME)
    assert sql_log.statements == anonymous == []


async def test_without_the_listener_every_request_looks_the_session_up(
    app: Any, cache: CredentialCache, staff: GraphQLClient, sql_log: SqlLog,
) -> None:
    await staff.data(TYPENAME)
    await cache.stop()  # as while the LISTEN connection is down or not yet up
    sql_log.clear()
    await staff.data(TYPENAME)
    await staff.data(TYPENAME)
    assert len(sql_log.statements) == 2  # one small statement per request, no transaction
    assert all("staff_sessions" in statement for statement in sql_log.statements)


async def test_a_lost_listener_forgets_everything_when_it_is_back(
    app: Any, cache: CredentialCache, staff: GraphQLClient, engine: AsyncEngine,
) -> None:
    token = staff.http.cookies["cozum_session"]
    await _warm(app, cache, token)
    cache.started_over.clear()
    async with engine.connect() as connection:
        await connection.execute(text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cozum_sessions'"
            " AND datname = current_database()"
        ))
        # Revoked while nobody listens: the announcement is lost.
        await connection.execute(text("UPDATE staff_sessions SET revoked_at = now()"))
        await connection.commit()
    await asyncio.wait_for(cache.started_over.wait(), 10)
    assert cache.trusted and len(cache) == 0
    assert (await _as_cookie(app, token, ME))["data"]["me"] is None


async def test_logout_refuses_the_very_next_request(app: Any, cache: CredentialCache, staff: GraphQLClient) -> None:
    token = staff.http.cookies["cozum_session"]
    await _warm(app, cache, token)
    await staff.mutate("logout", LOGOUT, {})
    assert (await _as_cookie(app, token, ME))["data"]["me"] is None


async def test_logout_everywhere_refuses_every_session_at_once(
    app: Any, cache: CredentialCache, staff: GraphQLClient, engine: AsyncEngine,
) -> None:
    token = staff.http.cookies["cozum_session"]
    other = await signed_in_again(app, "operator@example.org")
    await _warm(app, cache, token)
    await _warm(app, cache, other)
    await staff.mutate("logoutEverywhere", LOGOUT_EVERYWHERE, {})
    assert (await _as_cookie(app, token, ME))["data"]["me"] is None
    assert (await _as_cookie(app, other, ME))["data"]["me"] is None


async def test_deactivation_refuses_the_very_next_request(
    app: Any, cache: CredentialCache, staff: GraphQLClient, admin: GraphQLClient,
) -> None:
    token = staff.http.cookies["cozum_session"]
    user_id = await _warm(app, cache, token)
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": user_id, "active": False}})
    assert (await _as_cookie(app, token, ME))["data"]["me"] is None


async def test_a_role_taken_away_is_refused_on_the_very_next_request(
    app: Any, cache: CredentialCache, admin: GraphQLClient, engine: AsyncEngine,
) -> None:
    second = await signed_in(app, engine, "second@example.org", "İkinci Yönetici", StaffRole.ADMIN)
    token = second.http.cookies["cozum_session"]
    user_id = await _warm(app, cache, token)
    assert "errors" not in await _as_cookie(app, token, KEYS)
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": user_id, "role": "OPERATOR"}})
    assert error_code(await _as_cookie(app, token, KEYS)) == "FORBIDDEN"
    await second.http.aclose()


async def test_a_password_reset_refuses_the_very_next_request(
    app: Any, cache: CredentialCache, staff: GraphQLClient, admin: GraphQLClient,
) -> None:
    token = staff.http.cookies["cozum_session"]
    user_id = await _warm(app, cache, token)
    await admin.mutate("resetStaffPassword", RESET_PASSWORD, {"id": user_id})
    assert (await _as_cookie(app, token, ME))["data"]["me"] is None


async def test_a_revoked_key_is_refused_on_the_very_next_request(
    app: Any, cache: CredentialCache, admin: GraphQLClient, engine: AsyncEngine,
) -> None:
    key = await make_key(engine, "Köprü", [ApiScope.READ_ALL])
    integrator = key_client(app, key)
    await integrator.data(TICKET_COUNT)
    await integrator.data(TICKET_COUNT)
    assert len(cache) == 1  # the key
    listed = await admin.data("{ apiKeys(first: 5) { edges { node { id } } } }")
    key_id = listed["apiKeys"]["edges"][0]["node"]["id"]
    await admin.mutate("revokeApiKey", REVOKE_KEY, {"id": key_id})
    response = await post(integrator.http, TICKET_COUNT)
    assert response.status_code == 401 and error_code(response.json()) == "INVALID_API_KEY"
    await integrator.http.aclose()


class Held:
    """What a busy process has heard and not yet acted on."""

    def __init__(self) -> None:
        self.payloads: list[str] = []
        self.fence = asyncio.Event()

    def hear(self, payload: str) -> None:
        self.payloads.append(payload)
        if payload.startswith("fence:"):
            self.fence.set()

    async def fence_heard(self) -> None:
        await asyncio.wait_for(self.fence.wait(), 10)

    def hand_over(self, cache: CredentialCache) -> None:
        for payload in self.payloads:
            cache._announced(payload)


async def _slow_process(engine: AsyncEngine) -> tuple[CredentialCache, Held]:
    """Another process's cache, listening, whose loop is busy elsewhere: what it hears waits
    until the test hands it over."""
    other, held = CredentialCache(engine), Held()
    other._listening.channels = {CHANNEL: held.hear}
    await other.start()
    return other, held


async def test_a_revocation_is_answered_once_every_process_has_heard_it(
    app: Any, cache: CredentialCache, admin: GraphQLClient, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The revoking request waits for a process slow to act on what it hears, so the very next
    request finds it told; and only for a bounded time for one that never answers."""
    monkeypatch.setattr("cozum.auth.cache.FENCE_WAIT_SECONDS", 30.0)
    key = await make_key(engine, "Köprü", [ApiScope.READ_ALL])
    other, held = await _slow_process(engine)
    try:
        assert await other.api_key(key) is not None and len(other) == 1
        listed = await admin.data("{ apiKeys(first: 5) { edges { node { id } } } }")
        key_id = listed["apiKeys"]["edges"][0]["node"]["id"]
        revoking = asyncio.create_task(admin.mutate("revokeApiKey", REVOKE_KEY, {"id": key_id}))
        await held.fence_heard()
        await asyncio.sleep(0.2)
        assert not revoking.done()
        held.hand_over(other)  # now it acts, and answers
        await asyncio.wait_for(revoking, 5)  # its answer, not the 30 s bound
        assert len(other) == 0 and await other.api_key(key) is None
        monkeypatch.setattr("cozum.auth.cache.FENCE_WAIT_SECONDS", 0.3)
        await admin.mutate("logoutEverywhere", LOGOUT_EVERYWHERE, {})
        assert "not heard back within 0.3 s" in caplog.text
    finally:
        await other.stop()


async def test_a_process_that_began_listening_while_a_revocation_was_made_is_waited_for(
    app: Any, cache: CredentialCache, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """It may have remembered the key as it was before the commit; the fence, sent after the
    commit, names it among those to wait for."""
    monkeypatch.setattr("cozum.auth.cache.FENCE_WAIT_SECONDS", 30.0)
    key = await make_key(engine, "Köprü", [ApiScope.READ_ALL])
    async with transaction(create_sessionmaker(engine)) as session:
        key_id = (await session.execute(text("SELECT id FROM api_keys"))).scalar_one()
        await revoke_api_key(session, key_id)
        other, held = await _slow_process(engine)
        assert await other.api_key(key) is not None  # the revocation is not committed yet
        assert announced(session)
    try:
        fencing = asyncio.create_task(cache.fence())  # as the revoking request does after its commit
        await held.fence_heard()
        await asyncio.sleep(0.2)
        assert not fencing.done()
        held.hand_over(other)
        await asyncio.wait_for(fencing, 5)
        assert await other.api_key(key) is None
    finally:
        await other.stop()
