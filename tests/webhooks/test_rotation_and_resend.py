"""Rotating a secret keeps the old one valid for the grace period; a resend is the same delivery."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import submit
from tests.webhooks.helpers import RESEND, ROTATE, deliveries, dispatching, register
from tests.webhooks.receiver import WebhookReceiver, verifies


async def test_during_the_grace_period_both_secrets_verify_and_after_it_only_the_new_one(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    endpoint_id, old = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    rotated = await admin.mutate("rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id}})
    new = rotated["secret"]
    assert new != old and len(new) >= 43
    until = datetime.fromisoformat(rotated["endpoint"]["previousSecretUntil"])
    expected = datetime.now(UTC) + timedelta(hours=webhook_settings.webhook_secret_grace_hours)
    assert abs((until - expected).total_seconds()) < 60

    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org")
        [during] = await receiver.received("/hooks", 1)
        assert len(during.signatures) == 2
        assert verifies(new, during.headers, during.raw) and verifies(old, during.headers, during.raw)
        await observed.delivered(1)

        async with engine.begin() as connection:  # the grace period is over
            await connection.execute(text("UPDATE webhook_endpoints SET previous_secret_until = now() - interval '1 second'"))
        await submit(client, email="mehmet@example.org")
        after = (await receiver.received("/hooks", 2))[1]
    assert len(after.signatures) == 1
    assert verifies(new, after.headers, after.raw) and not verifies(old, after.headers, after.raw)


async def test_a_resent_delivery_arrives_again_with_the_same_id_and_body(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    endpoint_id, secret = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org")
        await observed.delivered(1)
        [logged] = await deliveries(admin, endpoint_id)
        resent = await admin.mutate("resendWebhookDelivery", RESEND, {"input": {"id": logged["id"]}})
        assert resent["delivery"] == {"id": logged["id"], "deliveryId": logged["deliveryId"], "status": "PENDING"}
        await observed.delivered(2)

    first, again = receiver.at("/hooks")
    assert first.headers["cozum-delivery"] == again.headers["cozum-delivery"] == logged["deliveryId"]
    assert first.raw == again.raw and verifies(secret, again.headers, again.raw)
    [after] = await deliveries(admin, endpoint_id)
    assert after["status"] == "SENT" and after["attempts"] == 2


async def test_unknown_or_malformed_ids_are_user_errors(admin: GraphQLClient) -> None:
    missing_endpoint = "V2ViaG9va0VuZHBvaW50Ojk5OTk"  # WebhookEndpoint:9999
    missing_delivery = "V2ViaG9va0RlbGl2ZXJ5Ojk5OTk"  # WebhookDelivery:9999
    for name, document, given, code in [
        ("rotateWebhookSecret", ROTATE, missing_endpoint, "NOT_FOUND"),
        ("resendWebhookDelivery", RESEND, missing_delivery, "NOT_FOUND"),
        ("rotateWebhookSecret", ROTATE, missing_delivery, "INVALID_ID"),
    ]:
        payload = (await admin.data(document, {"input": {"id": given}}))[name]
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "id"], code)], name


async def test_a_leaked_secret_is_retired_at_once_when_asked(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    endpoint_id, old = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    # Rotated once with a grace period, then again because the secret leaked: neither old one signs.
    await admin.mutate("rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id}})
    rotated = await admin.mutate(
        "rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id, "retireOldSecretNow": True}}
    )
    assert rotated["endpoint"]["previousSecretUntil"] is None
    async with dispatching(database_url, webhook_settings):
        await submit(client, email="mehmet@example.org")
        [delivered] = await receiver.received("/hooks", 1)
    assert len(delivered.signatures) == 1 and verifies(rotated["secret"], delivered.headers, delivered.raw)
    assert not verifies(old, delivered.headers, delivered.raw)
    async with engine.connect() as connection:
        kept = (await connection.execute(text("SELECT previous_secret FROM webhook_endpoints"))).scalar_one()
        audited = (await connection.execute(text(
            "SELECT data FROM audit_log WHERE action = 'WEBHOOK_SECRET_ROTATED' ORDER BY id DESC LIMIT 1"
        ))).scalar_one()
    assert kept is None and audited["retiredOldSecretNow"] is True
