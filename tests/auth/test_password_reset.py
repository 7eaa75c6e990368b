"""An administrator resets a colleague's password: the old one and every session end with it."""

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.auth.helpers import audit_rows, error_code, scalar
from tests.conftest import LOGIN, STAFF_PASSWORD, http_client, signed_in
from tests.fixtures.graphql import GraphQLClient

RESET = """mutation($input: ResetStaffPasswordInput!) {
  resetStaffPassword(input: $input) { user { id email active } temporaryPassword userErrors { field code message } }
}"""
UPDATE_USER = """mutation($input: UpdateStaffUserInput!) {
  updateStaffUser(input: $input) { user { id department { code } } userErrors { field code message } }
}"""
ME = "{ me { id name } }"
EMAIL = "memur@example.org"
LIVE_SESSIONS = f"""SELECT count(*) FROM staff_sessions s JOIN users u ON u.id = s.user_id
                    WHERE u.email = '{EMAIL}' AND s.revoked_at IS NULL"""


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Büşra Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()


@pytest.fixture
async def colleague(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    """An agent signed in on one device; `me.id` is the ID the admin resets."""
    client = await signed_in(app, engine, EMAIL, "Mehmet Memur", StaffRole.AGENT, "ZABITA")
    yield client
    await client.http.aclose()


async def _sign_in(app: Any, email: str, password: str) -> GraphQLClient | None:
    client = GraphQLClient(http_client(app))
    payload = (await client.data(LOGIN, {"email": email, "password": password}))["login"]
    return client if payload["user"] else None


async def _id(client: GraphQLClient) -> str:
    me: str = (await client.data(ME))["me"]["id"]
    return me


async def test_a_generated_password_is_shown_once_and_replaces_the_old_one(
    app: Any, admin: GraphQLClient, colleague: GraphQLClient, engine: AsyncEngine
) -> None:
    payload = await admin.mutate("resetStaffPassword", RESET, {"input": {"id": await _id(colleague)}})
    temporary = payload["temporaryPassword"]
    assert re.fullmatch(r"([a-z2-9]{5}-){3}[a-z2-9]{5}", temporary)
    assert payload["user"]["email"] == EMAIL
    assert await _sign_in(app, EMAIL, STAFF_PASSWORD) is None
    assert await _sign_in(app, EMAIL, temporary) is not None
    colleague_id = await scalar(engine, f"SELECT id FROM users WHERE email = '{EMAIL}'")
    [row] = await audit_rows(engine, "PASSWORD_RESET")
    assert (row["actor_label"], row["target_type"], row["target_id"]) == ("Büşra Yönetici", "User", colleague_id)
    assert row["reason"] == f"{EMAIL}: temporary password generated; 1 session(s) ended"
    assert temporary not in str(row)


async def test_two_resets_make_two_different_passwords(admin: GraphQLClient, colleague: GraphQLClient) -> None:
    input_ = {"input": {"id": await _id(colleague)}}
    first = (await admin.mutate("resetStaffPassword", RESET, input_))["temporaryPassword"]
    second = (await admin.mutate("resetStaffPassword", RESET, input_))["temporaryPassword"]
    assert first != second


async def test_a_chosen_password_is_not_echoed(
    app: Any, admin: GraphQLClient, colleague: GraphQLClient, engine: AsyncEngine
) -> None:
    payload = await admin.mutate("resetStaffPassword", RESET, {"input": {
        "id": await _id(colleague), "password": "yeni ve uzun parola"}})
    assert payload["temporaryPassword"] is None
    assert await _sign_in(app, EMAIL, "yeni ve uzun parola") is not None
    [row] = await audit_rows(engine, "PASSWORD_RESET")
    assert row["reason"] == f"{EMAIL}: password set by an administrator; 1 session(s) ended"


async def test_a_reset_ends_every_session_of_that_person(
    app: Any, admin: GraphQLClient, colleague: GraphQLClient, engine: AsyncEngine
) -> None:
    second_device = await _sign_in(app, EMAIL, STAFF_PASSWORD)
    assert second_device is not None and await scalar(engine, LIVE_SESSIONS) == 2
    await admin.mutate("resetStaffPassword", RESET, {"input": {"id": await _id(colleague)}})
    assert (await colleague.data(ME))["me"] is None
    assert (await second_device.data(ME))["me"] is None
    assert await scalar(engine, LIVE_SESSIONS) == 0
    assert (await admin.data(ME))["me"]["name"] == "Büşra Yönetici"
    [row] = await audit_rows(engine, "PASSWORD_RESET")
    assert row["data"] == {"generated": True, "sessionsEnded": 2}


async def test_resetting_ones_own_password_keeps_this_session_and_ends_the_others(
    app: Any, admin: GraphQLClient
) -> None:
    elsewhere = await _sign_in(app, "admin@example.org", STAFF_PASSWORD)
    assert elsewhere is not None
    await admin.mutate("resetStaffPassword", RESET, {"input": {"id": await _id(admin), "password": "kendi parolam"}})
    assert (await admin.data(ME))["me"]["name"] == "Büşra Yönetici"
    assert (await elsewhere.data(ME))["me"] is None


@pytest.mark.parametrize(("input_", "expected"), [
    ({"password": "kısa"}, (["input", "password"], "INVALID")),
    ({"password": "x" * 1025}, (["input", "password"], "TOO_LONG")),
    ({"id": "U3RhZmZVc2VyOjk5OTk"}, (["input", "id"], "NOT_FOUND")),
    ({"id": "Q2F0ZWdvcnk6MQ"}, (["input", "id"], "INVALID_ID")),
])
async def test_a_refused_reset_changes_nothing(
    app: Any, admin: GraphQLClient, colleague: GraphQLClient, engine: AsyncEngine,
    input_: dict[str, str], expected: tuple[list[str], str],
) -> None:
    payload = (await admin.data(RESET, {"input": {"id": await _id(colleague), **input_}}))["resetStaffPassword"]
    assert payload["user"] is None and payload["temporaryPassword"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [expected]
    assert (await colleague.data(ME))["me"]["name"] == "Mehmet Memur"
    assert await audit_rows(engine, "PASSWORD_RESET") == []
    assert await _sign_in(app, EMAIL, STAFF_PASSWORD) is not None


@pytest.mark.parametrize(("role", "refusal"), [
    (None, "NOT_AUTHENTICATED"), (StaffRole.OPERATOR, "FORBIDDEN"), (StaffRole.AGENT, "FORBIDDEN"),
])
async def test_only_administrators_may_reset(
    app: Any, client: GraphQLClient, colleague: GraphQLClient, engine: AsyncEngine,
    role: StaffRole | None, refusal: str,
) -> None:
    caller = client if role is None else await signed_in(app, engine, "caller@example.org", "Ali Personel", role, "ZABITA")
    body = await caller.execute(RESET, {"input": {"id": await _id(colleague), "password": "ele geçirilmiş"}})
    assert body["data"] is None and error_code(body) == refusal
    assert (await colleague.data(ME))["me"]["name"] == "Mehmet Memur"
    assert await audit_rows(engine, "PASSWORD_RESET") == []


async def test_a_department_is_cleared_by_flag_and_not_with_a_code_at_once(
    admin: GraphQLClient, colleague: GraphQLClient
) -> None:
    user = await _id(colleague)
    both = (await admin.data(UPDATE_USER, {"input": {"id": user, "departmentCode": "FEN", "clearDepartment": True}}))
    assert [(e["field"], e["code"]) for e in both["updateStaffUser"]["userErrors"]] == [
        (["input", "clearDepartment"], "INVALID")]
    kept = await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": user, "active": True}})
    assert kept["user"]["department"] == {"code": "ZABITA"}
    cleared = await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": user, "clearDepartment": True}})
    assert cleared["user"]["department"] is None
