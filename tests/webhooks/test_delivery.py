"""A receiver gets what it subscribed to, signed, retried after failures with one delivery id."""

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.webhooks.helpers import UPDATE, deliveries, dispatching, register
from tests.webhooks.receiver import WebhookReceiver, verifies


async def test_a_failing_receiver_gets_the_same_signed_delivery_until_it_answers_2xx(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    receiver.fail_first = 2
    endpoint_id, secret = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    async with dispatching(database_url, webhook_settings) as observed:
        submitted = await submit(client, email="mehmet@example.org")
        await observed.delivered(1)

    tries = receiver.at("/hooks")
    assert [t.status for t in tries] == [500, 500, 200]
    assert all(verifies(secret, t.headers, t.raw) for t in tries)
    assert not any(verifies("another secret", t.headers, t.raw) for t in tries)
    [delivery_id] = {t.headers["cozum-delivery"] for t in tries}
    first = tries[0]
    assert first.body["id"] == delivery_id and first.body["type"] == "ticket.created"
    assert first.headers["cozum-event"] == "ticket.created"
    assert first.headers["content-type"] == "application/json"
    assert first.headers["user-agent"] == "Cozum-Webhooks/1"  # plain ASCII, as every client can read it
    ticket = first.body["data"]["ticket"]
    assert ticket["reference"] == submitted["reference"] and ticket["status"] == "NEW"
    assert "contact" not in ticket and "Mehmet" not in first.raw.decode()
    assert first.body["data"]["event"]["type"] == "CREATED" and first.body["data"]["event"]["public"] is True
    assert all(t.raw == first.raw for t in tries)  # the document is fixed at the first try

    [logged] = await deliveries(admin, endpoint_id)
    assert logged["deliveryId"] == delivery_id and logged["event"] == "CREATED"
    assert logged["status"] == "SENT" and logged["attempts"] == 3 and logged["lastStatusCode"] == 200
    assert logged["lastError"] is None and logged["deliveredAt"] and logged["ticketReference"] == submitted["reference"]
    attempts = await rows(engine, "SELECT number, status_code, error, finished_at FROM webhook_attempts ORDER BY number")
    assert [(a["number"], a["status_code"]) for a in attempts] == [(1, 500), (2, 500), (3, 200)]
    assert attempts[0]["error"] == 'HTTP 500: {"error": "busy"}' and attempts[2]["error"] is None
    assert all(a["finished_at"] for a in attempts)


async def test_nothing_arrives_for_an_event_the_endpoint_did_not_subscribe_to(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    await register(admin, f"{receiver.url}/status-only", ["STATUS_CHANGED"])
    await register(admin, f"{receiver.url}/created", ["CREATED"])
    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org")
        await observed.delivered(1)
    assert len(receiver.at("/created")) == 1
    assert receiver.at("/status-only") == []
    found = await rows(engine, "SELECT e.url FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id")
    assert [f["url"] for f in found] == [f"{receiver.url}/created"]


async def test_an_inactive_endpoint_gets_nothing(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, engine: AsyncEngine,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/paused", ["CREATED"])
    await admin.mutate("updateWebhookEndpoint", UPDATE, {"input": {"id": endpoint_id, "active": False}})
    await submit(client, email="mehmet@example.org")
    assert await rows(engine, "SELECT id FROM webhook_deliveries") == []


async def test_past_the_give_up_time_the_delivery_is_given_up_and_the_log_says_why(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    receiver.fail_first = 10_000
    endpoint_id, _ = await register(admin, f"{receiver.url}/down", ["CREATED"])
    # Three seconds: long enough that a loaded machine still tries more than once before giving up
    # (with a one-second window the first try could already come after it), short for a test.
    soon = webhook_settings.model_copy(update={"webhook_give_up_hours": 3 / 3600})
    async with dispatching(database_url, soon) as observed:
        await submit(client, email="mehmet@example.org")
        recorded = await observed.until(lambda rs: any(r.status is not None and r.status.value == "GAVE_UP" for r in rs))
    assert len(recorded) >= 2 and all(r.status is not None and r.status.value == "PENDING" for r in recorded[:-1])
    [logged] = await deliveries(admin, endpoint_id)
    assert logged["status"] == "GAVE_UP" and logged["gaveUpAt"] and logged["deliveredAt"] is None
    assert logged["attempts"] == len(recorded) == len(receiver.at("/down"))
    assert logged["lastStatusCode"] == 500 and logged["lastError"] == 'HTTP 500: {"error": "busy"}'
