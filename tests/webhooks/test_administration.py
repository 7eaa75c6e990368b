"""Registering endpoints: administrators only, bad input refused as data, every change audited."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows
from tests.webhooks.helpers import CREATE, ENDPOINTS, ROTATE, UPDATE, register
from tests.webhooks.receiver import WebhookReceiver

GOOD: dict[str, Any] = {"name": "EBYS", "url": "https://ebys.example.org/cozum", "events": ["CREATED"]}


async def test_staff_who_are_not_administrators_may_neither_list_nor_register(
    staff: GraphQLClient, client: GraphQLClient,
) -> None:
    for caller, code in [(staff, "FORBIDDEN"), (client, "NOT_AUTHENTICATED")]:
        listed = await caller.execute(ENDPOINTS)
        created = await caller.execute(CREATE, {"input": GOOD})
        assert listed["errors"][0]["extensions"]["code"] == code and listed["data"] is None
        assert created["errors"][0]["extensions"]["code"] == code and created["data"] is None


async def test_bad_input_is_refused_with_a_reason_and_stores_nothing(admin: GraphQLClient, engine: AsyncEngine) -> None:
    refusals: list[tuple[dict[str, Any], str, str]] = [
        ({"url": "ftp://ebys.example.org/"}, "url", "INVALID"),
        ({"url": "not a url"}, "url", "INVALID"),
        ({"url": "https://"}, "url", "INVALID"),
        ({"events": []}, "events", "REQUIRED"),
        ({"name": "  "}, "name", "REQUIRED"),
    ]
    for change, field, code in refusals:
        payload = (await admin.data(CREATE, {"input": {**GOOD, **change}}))["createWebhookEndpoint"]
        assert payload["endpoint"] is None and payload["secret"] is None
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)], change
        assert payload["userErrors"][0]["message"]
    assert await rows(engine, "SELECT id FROM webhook_endpoints") == []


async def test_create_update_and_rotate_are_audited_without_the_secret(
    admin: GraphQLClient, receiver: WebhookReceiver, engine: AsyncEngine,
) -> None:
    endpoint_id, secret = await register(admin, f"{receiver.url}/hooks", ["CREATED", "CREATED", "ROUTED"])
    updated = await admin.mutate("updateWebhookEndpoint", UPDATE, {"input": {
        "id": endpoint_id, "events": ["STATUS_CHANGED"], "includeContact": True,
    }})
    assert updated["endpoint"]["events"] == ["STATUS_CHANGED"] and updated["endpoint"]["includeContact"] is True
    assert updated["endpoint"]["url"] == f"{receiver.url}/hooks" and updated["endpoint"]["active"] is True
    rotated = await admin.mutate("rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id}})
    audit = await rows(engine, "SELECT action, target_type, data::text AS data FROM audit_log "
                               "WHERE action LIKE 'WEBHOOK%' ORDER BY id")
    assert [(a["action"], a["target_type"]) for a in audit] == [
        ("WEBHOOK_CREATED", "WebhookEndpoint"), ("WEBHOOK_UPDATED", "WebhookEndpoint"),
        ("WEBHOOK_SECRET_ROTATED", "WebhookEndpoint"),
    ]
    assert '"ROUTED"' in audit[0]["data"] and '"STATUS_CHANGED"' in audit[1]["data"]
    assert all(secret not in a["data"] and rotated["secret"] not in a["data"] for a in audit)


async def test_the_list_shows_endpoints_but_never_their_secrets(admin: GraphQLClient, receiver: WebhookReceiver) -> None:
    await register(admin, f"{receiver.url}/a", ["CREATED", "ROUTED"], includeInternal=True)
    body = await admin.execute("{ webhookEndpoints { name url events includeContact includeInternal active } }")
    assert body["data"]["webhookEndpoints"] == [{
        "name": "EBYS", "url": f"{receiver.url}/a", "events": ["CREATED", "ROUTED"],
        "includeContact": False, "includeInternal": True, "active": True,
    }]
    schema_field = await admin.execute("{ webhookEndpoints { secret } }")
    assert schema_field["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
