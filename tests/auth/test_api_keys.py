"""Integrators' API keys: shown once, stored hashed, scoped, revocable and rate limited."""

import asyncio
import hashlib
import os
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.auth.helpers import (
    CREATE_KEY,
    REVOKE_KEY,
    TICKET_COUNT,
    audit_rows,
    error_code,
    key_client,
    post,
    scalar,
)
from tests.conftest import http_client, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, department_ids, new_ticket
from tests.tickets.queries import SUBMIT, TIMELINE

KEYS = "{ apiKeys(first: 10) { edges { node { id name prefix scopes rateLimitPerMinute revokedAt lastUsedAt } } } }"


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Büşra Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()


@pytest.fixture
async def integrators(app: Any) -> AsyncIterator[list[GraphQLClient]]:
    """Key clients made by a test, closed afterwards."""
    made: list[GraphQLClient] = []
    yield made
    for client in made:
        await client.http.aclose()


async def _create(admin: GraphQLClient, name: str, scopes: list[str], **extra: Any) -> tuple[dict[str, Any], str]:
    payload = await admin.mutate("createApiKey", CREATE_KEY, {"input": {"name": name, "scopes": scopes, **extra}})
    key: str = payload["key"]
    return payload["apiKey"], key


def _use(app: Any, integrators: list[GraphQLClient], key: str, header: str = "Authorization") -> GraphQLClient:
    client = key_client(app, key, header)
    integrators.append(client)
    return client


async def test_the_key_is_returned_once_and_never_listed(admin: GraphQLClient) -> None:
    api_key, key = await _create(admin, "WhatsApp köprüsü", ["SUBMIT", "READ_PUBLIC"])
    _, prefix, secret = key.split("_")
    assert key.startswith("czm_") and api_key["prefix"] == prefix and len(secret) >= 40
    assert api_key["scopes"] == ["READ_PUBLIC", "SUBMIT"] and api_key["rateLimitPerMinute"] == 600
    listed = await admin.data(KEYS)
    assert [e["node"]["name"] for e in listed["apiKeys"]["edges"]] == ["WhatsApp köprüsü"]
    assert secret not in str(listed)
    fields = await admin.data('{ __type(name: "ApiKey") { fields { name } } }')
    assert {f["name"] for f in fields["__type"]["fields"]}.isdisjoint({"key", "keyHash", "secret"})


async def test_only_the_hash_of_the_secret_is_stored(admin: GraphQLClient, engine: AsyncEngine) -> None:
    _, key = await _create(admin, "Mobil uygulama", ["SUBMIT"])
    _, prefix, secret = key.split("_")
    async with engine.connect() as connection:
        row = (await connection.execute(text("SELECT * FROM api_keys"))).one()._mapping
    assert row["prefix"] == prefix
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert not any(secret in str(value) for value in row.values())


async def test_creating_a_key_is_audited(admin: GraphQLClient, engine: AsyncEngine) -> None:
    await _create(admin, "Mobil uygulama", ["SUBMIT"])
    key_id = await scalar(engine, "SELECT id FROM api_keys")
    admin_id = await scalar(engine, "SELECT id FROM users WHERE email = 'admin@example.org'")
    rows = await audit_rows(engine, "API_KEY_CREATED")
    assert [(r["actor_user_id"], r["target_type"], r["target_id"], r["data"]) for r in rows] == [
        (admin_id, "ApiKey", key_id, {"scopes": ["SUBMIT"], "name": "Mobil uygulama"})]


@pytest.mark.parametrize("header", ["Authorization", "X-Api-Key"])
async def test_the_key_authenticates_in_either_header(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient], client: GraphQLClient, header: str
) -> None:
    await new_ticket(admin)
    _, key = await _create(admin, "Raporlama", ["READ_ALL"])
    assert error_code(await client.execute(TICKET_COUNT)) == "NOT_AUTHENTICATED"
    assert (await _use(app, integrators, key, header).data(TICKET_COUNT))["tickets"]["totalCount"] == 1


async def test_a_revoked_key_is_refused_with_401(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    api_key, key = await _create(admin, "Eski entegrasyon", ["READ_ALL"])
    integrator = _use(app, integrators, key)
    assert (await integrator.data(TICKET_COUNT))["tickets"]["totalCount"] == 0
    revoked = await admin.mutate("revokeApiKey", REVOKE_KEY, {"id": api_key["id"]})
    assert revoked["apiKey"]["revokedAt"] is not None
    response = await post(integrator.http, TICKET_COUNT)
    assert response.status_code == 401
    assert response.json()["data"] is None and error_code(response.json()) == "INVALID_API_KEY"


@pytest.mark.parametrize("garbage", ["garbage", "czm_000000000000_not-the-secret", "czm__", "czm_a_b_c"])
async def test_a_garbage_key_is_refused_with_401(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient], garbage: str
) -> None:
    await _create(admin, "Gerçek anahtar", ["READ_ALL"])
    response = await post(_use(app, integrators, garbage).http, TICKET_COUNT)
    assert response.status_code == 401 and error_code(response.json()) == "INVALID_API_KEY"


async def test_the_right_prefix_with_a_wrong_secret_is_refused(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    _, key = await _create(admin, "Gerçek anahtar", ["READ_ALL"])
    forged = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    response = await post(_use(app, integrators, forged).http, TICKET_COUNT)
    assert response.status_code == 401 and error_code(response.json()) == "INVALID_API_KEY"


async def test_a_read_public_key_lists_departments_but_not_tickets(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    _, key = await _create(admin, "Belediye sitesi", ["READ_PUBLIC"])
    integrator = _use(app, integrators, key)
    assert (await integrator.data("{ departments { totalCount } }"))["departments"]["totalCount"] == 15
    body = await integrator.execute(TICKET_COUNT)
    assert body["data"] is None and error_code(body) == "FORBIDDEN"


async def test_a_submit_key_files_requests_on_the_api_channel_in_its_name(
    app: Any, admin: GraphQLClient, client: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    _, key = await _create(admin, "WhatsApp köprüsü", ["SUBMIT"])
    categories = await category_ids(client)
    submitted = await _use(app, integrators, key).mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["GARBAGE"], "description": "Konteyner iki gündür boşaltılmadı."}})
    found = await admin.data("""query($t: String!) {
      tickets(first: 1, filter: {text: $t}) { edges { node { id channel } } } }""", {"t": submitted["reference"]})
    ticket = found["tickets"]["edges"][0]["node"]
    assert ticket["channel"] == "API"
    timeline = (await admin.data(TIMELINE, {"id": ticket["id"]}))["node"]["timeline"]["edges"]
    created = timeline[0]["node"]
    assert (created["type"], created["actorLabel"], created["actor"]) == ("CREATED", "api:WhatsApp köprüsü", None)


async def test_a_department_key_sees_only_its_departments_tickets(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    departments = await department_ids(admin)
    noise = await new_ticket(admin, "NOISE")
    vendor = await new_ticket(admin, "STREET_VENDOR")
    await new_ticket(admin, "ROAD_POTHOLE")
    await new_ticket(admin, "GARBAGE")
    _, key = await _create(admin, "Zabıta tableti", ["READ_DEPARTMENT"], departmentId=departments["ZABITA"])
    seen = await _use(app, integrators, key).data(
        "{ tickets(first: 10) { totalCount edges { node { reference department { code } } } } }")
    assert seen["tickets"]["totalCount"] == 2
    assert sorted((e["node"]["reference"], e["node"]["department"]["code"]) for e in seen["tickets"]["edges"]) == \
        sorted([(noise["reference"], "ZABITA"), (vendor["reference"], "ZABITA")])


async def test_a_department_key_cannot_read_another_departments_ticket_by_id(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    departments = await department_ids(admin)
    pothole = await new_ticket(admin, "ROAD_POTHOLE")
    _, key = await _create(admin, "Zabıta tableti", ["READ_DEPARTMENT"], departmentId=departments["ZABITA"])
    body = await _use(app, integrators, key).data(
        "query($id: ID!) { node(id: $id) { id } }", {"id": pothole["id"]})
    assert body == {"node": None}


async def test_a_key_over_its_rate_limit_gets_429_with_retry_after(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    _, key = await _create(admin, "Sınırlı", ["READ_PUBLIC"], rateLimitPerMinute=3)
    integrator = _use(app, integrators, key)
    for _ in range(3):
        assert (await integrator.data("{ departments { totalCount } }"))["departments"]["totalCount"] == 15
    response = await post(integrator.http, "{ departments { totalCount } }")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    body = response.json()
    assert body["data"] is None
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == "RATE_LIMITED" and extensions["retryAfter"] == int(response.headers["Retry-After"])


async def test_one_keys_limit_does_not_slow_another_key(
    app: Any, admin: GraphQLClient, integrators: list[GraphQLClient]
) -> None:
    _, first = await _create(admin, "Birinci", ["READ_PUBLIC"], rateLimitPerMinute=1)
    _, second = await _create(admin, "İkinci", ["READ_PUBLIC"], rateLimitPerMinute=1)
    await _use(app, integrators, first).data("{ departments { totalCount } }")
    assert (await post(_use(app, integrators, first).http, "{ departments { totalCount } }")).status_code == 429
    assert (await post(_use(app, integrators, second).http, "{ departments { totalCount } }")).status_code == 200


async def test_key_use_is_audited_once_not_per_request(
    app: Any, admin: GraphQLClient, engine: AsyncEngine, integrators: list[GraphQLClient]
) -> None:
    api_key, key = await _create(admin, "Raporlama", ["READ_ALL"])
    assert api_key["lastUsedAt"] is None
    integrator = _use(app, integrators, key)
    for _ in range(4):
        await integrator.data(TICKET_COUNT)
    key_id = await scalar(engine, "SELECT id FROM api_keys")
    rows = await audit_rows(engine, "API_KEY_USED")
    assert [(r["api_key_id"], r["actor_label"], r["target_type"], r["target_id"]) for r in rows] == [
        (key_id, "api:Raporlama", "ApiKey", key_id)]
    listed = await admin.data(KEYS)
    assert listed["apiKeys"]["edges"][0]["node"]["lastUsedAt"] is not None


async def _cli(database_url: str, *args: str) -> tuple[int, str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "COZUM_ENV": "test"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cozum.cli", "apikey", "create", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


async def test_the_cli_prints_a_key_that_works(app: Any, database_url: str, engine: AsyncEngine) -> None:
    code, out, err = await _cli(database_url, "--name", "Komut satırı", "--scopes", "read_public, SUBMIT",
                                "--rate-limit", "50")
    assert code == 0, err
    key = out.splitlines()[0]
    assert key.startswith("czm_") and key.split("_")[2] not in out.splitlines()[1]
    async with http_client(app) as http:
        http.headers["X-Api-Key"] = key
        body = await GraphQLClient(http).data("{ departments { totalCount } }")
    assert body["departments"]["totalCount"] == 15
    async with engine.connect() as connection:
        row = (await connection.execute(text("SELECT name, scopes, rate_limit_per_minute FROM api_keys"))).one()
    assert tuple(row) == ("Komut satırı", ["READ_PUBLIC", "SUBMIT"], 50)


async def test_the_cli_refuses_an_unknown_scope(database_url: str, engine: AsyncEngine) -> None:
    code, out, err = await _cli(database_url, "--name", "Yanlış", "--scopes", "READ_PUBLIC,READ_EVERYTHING")
    assert code != 0
    assert "czm_" not in out and "READ_EVERYTHING" in err
    assert await scalar(engine, "SELECT count(*) FROM api_keys") == 0


async def test_a_department_key_is_listed_with_its_department(admin: GraphQLClient) -> None:
    departments = await department_ids(admin)
    await _create(admin, "Zabıta tableti", ["READ_DEPARTMENT"], departmentId=departments["ZABITA"])
    await _create(admin, "Mahalle uygulaması", ["SUBMIT"])
    listed = await admin.data("{ apiKeys(first: 10) { edges { node { name department { code } } } } }")
    assert {e["node"]["name"]: e["node"]["department"] for e in listed["apiKeys"]["edges"]} == {
        "Zabıta tableti": {"code": "ZABITA"}, "Mahalle uygulaması": None,
    }
