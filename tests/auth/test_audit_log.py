"""The audit log is append-only evidence: PostgreSQL refuses to rewrite it, admins can read it."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.auth.helpers import audit_rows, error_code, scalar
from tests.conftest import LOGIN, signed_in
from tests.fixtures.graphql import GraphQLClient

AUDIT = """
query($first: Int, $after: String, $action: AuditAction) {
  auditLog(first: $first, after: $after, action: $action) {
    edges { node { action actorLabel address targetType targetId reason } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
UPDATE_USER = """
mutation($input: UpdateStaffUserInput!) {
  updateStaffUser(input: $input) { user { id role active } userErrors { field code message } }
}
"""
ME = "{ me { id name role } }"


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Büşra Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()


async def _an_entry(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text(
            "INSERT INTO audit_log (at, action, actor_label, reason, data) "
            "VALUES (now(), 'CONTACT_REVEALED', 'Ayşe Operatör', 'asıl neden', '{}')"))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET reason = 'uydurma neden'",
    "DELETE FROM audit_log",
    "TRUNCATE audit_log",
])
async def test_postgresql_refuses_to_rewrite_the_log(engine: AsyncEngine, statement: str) -> None:
    await _an_entry(engine)
    with pytest.raises(DBAPIError, match="append-only"):
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    rows = await audit_rows(engine)
    assert [(r["actor_label"], r["reason"]) for r in rows] == [("Ayşe Operatör", "asıl neden")]


async def test_an_admin_pages_through_one_action_newest_first(admin: GraphQLClient, client: GraphQLClient) -> None:
    for i in range(5):
        await client.data(LOGIN, {"email": f"guess{i}@example.org", "password": "not the password"})
    labels, after = [], None
    for _ in range(3):
        page = (await admin.data(AUDIT, {"first": 2, "after": after, "action": "LOGIN_FAILED"}))["auditLog"]
        labels.append([e["node"]["actorLabel"] for e in page["edges"]])
        assert {e["node"]["action"] for e in page["edges"]} == {"LOGIN_FAILED"}
        after = page["pageInfo"]["endCursor"]
    assert labels == [["guess4@example.org", "guess3@example.org"], ["guess2@example.org", "guess1@example.org"],
                      ["guess0@example.org"]]
    assert page["pageInfo"]["hasNextPage"] is False


async def test_without_a_filter_every_action_is_listed(admin: GraphQLClient) -> None:
    entries = (await admin.data(AUDIT, {"first": 10}))["auditLog"]["edges"]
    assert [(e["node"]["action"], e["node"]["actorLabel"]) for e in entries] == [("LOGIN", "Büşra Yönetici")]


async def test_an_operator_may_not_read_the_log(staff: GraphQLClient) -> None:
    body = await staff.execute(AUDIT, {"first": 10})
    assert body["data"] is None and error_code(body) == "FORBIDDEN"


async def test_an_anonymous_caller_may_not_read_the_log(client: GraphQLClient) -> None:
    body = await client.execute(AUDIT, {"first": 10})
    assert body["data"] is None and error_code(body) == "NOT_AUTHENTICATED"


async def test_a_role_change_is_audited_with_before_and_after(
    admin: GraphQLClient, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    operator = (await staff.data(ME))["me"]
    payload = await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {
        "id": operator["id"], "role": "AGENT", "departmentCode": "ZABITA"}})
    assert payload["user"]["role"] == "AGENT"
    zabita = await scalar(engine, "SELECT id FROM departments WHERE code = 'ZABITA'")
    admin_id = await scalar(engine, "SELECT id FROM users WHERE email = 'admin@example.org'")
    operator_id = await scalar(engine, "SELECT id FROM users WHERE email = 'operator@example.org'")
    rows = await audit_rows(engine, "ROLE_CHANGED")
    assert [(r["actor_user_id"], r["target_type"], r["target_id"], r["data"]) for r in rows] == [(
        admin_id, "User", operator_id, {
            "before": {"role": "OPERATOR", "departmentId": None, "active": True},
            "after": {"role": "AGENT", "departmentId": zabita, "active": True},
        })]


async def test_a_role_change_applies_to_the_next_request(admin: GraphQLClient, staff: GraphQLClient) -> None:
    operator = (await staff.data(ME))["me"]
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": operator["id"], "role": "VIEWER"}})
    assert (await staff.data(ME))["me"]["role"] == "VIEWER"
    body = await staff.execute("{ tickets { totalCount } }")
    assert error_code(body) == "FORBIDDEN"


async def test_an_operator_may_not_change_roles(staff: GraphQLClient) -> None:
    operator = (await staff.data(ME))["me"]
    body = await staff.execute(UPDATE_USER, {"input": {"id": operator["id"], "role": "ADMIN"}})
    assert body["data"] is None and error_code(body) == "FORBIDDEN"
    assert (await staff.data(ME))["me"]["role"] == "OPERATOR"


async def test_deactivating_a_user_ends_their_sessions_for_good(
    admin: GraphQLClient, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    operator = (await staff.data(ME))["me"]
    payload = await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": operator["id"], "active": False}})
    assert payload["user"]["active"] is False
    assert (await staff.data(ME))["me"] is None
    assert await scalar(engine, """SELECT count(*) FROM staff_sessions s JOIN users u ON u.id = s.user_id
                                   WHERE u.email = 'operator@example.org' AND s.revoked_at IS NULL""") == 0
    # Reactivated, they must sign in again: the old cookie stays dead.
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": operator["id"], "active": True}})
    assert (await staff.data(ME))["me"] is None


async def test_deactivation_is_audited(admin: GraphQLClient, staff: GraphQLClient, engine: AsyncEngine) -> None:
    operator = (await staff.data(ME))["me"]
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": operator["id"], "active": False}})
    operator_id = await scalar(engine, "SELECT id FROM users WHERE email = 'operator@example.org'")
    rows = await audit_rows(engine, "USER_DEACTIVATED")
    assert [(r["target_id"], r["data"]["before"]["active"], r["data"]["after"]["active"]) for r in rows] == [
        (operator_id, True, False)]
    assert await audit_rows(engine, "ROLE_CHANGED") == []


async def test_creating_staff_is_audited(admin: GraphQLClient, engine: AsyncEngine) -> None:
    payload = await admin.mutate("createStaffUser", """
      mutation($input: CreateStaffUserInput!) {
        createStaffUser(input: $input) { user { id email role } userErrors { field code message } } }""",
        {"input": {"email": "Yeni@Example.org", "name": "Yeni Personel", "password": "uzun bir parola",
                   "role": "AGENT", "departmentCode": "PARK"}})
    assert payload["user"]["email"] == "yeni@example.org"
    park = await scalar(engine, "SELECT id FROM departments WHERE code = 'PARK'")
    new_id = await scalar(engine, "SELECT id FROM users WHERE email = 'yeni@example.org'")
    rows = await audit_rows(engine, "USER_CREATED")
    assert [(r["actor_label"], r["target_type"], r["target_id"], r["data"]) for r in rows] == [
        ("Büşra Yönetici", "User", new_id, {"role": "AGENT", "departmentId": park})]


async def test_the_log_shows_what_a_role_change_recorded(admin: GraphQLClient, staff: GraphQLClient) -> None:
    operator = (await staff.data(ME))["me"]
    await admin.mutate("updateStaffUser", UPDATE_USER, {"input": {"id": operator["id"], "role": "VIEWER"}})
    data = await admin.data("{ auditLog(action: ROLE_CHANGED, first: 5) { edges { node { reason details } } } }")
    [entry] = [e["node"] for e in data["auditLog"]["edges"]]
    assert entry["reason"] is None
    assert entry["details"]["before"]["role"] == "OPERATOR" and entry["details"]["after"]["role"] == "VIEWER"
