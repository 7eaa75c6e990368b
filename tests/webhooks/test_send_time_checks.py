"""What an administrator changed after a delivery was queued holds when it comes due: a paused,
unsubscribed or narrowed endpoint gets nothing it may no longer have, and the log says why."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.webhooks.claim import WITHHELD
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.tickets.queries import NOTE
from tests.webhooks.helpers import RESEND, UPDATE, deliveries, dispatching, register, ticket_id
from tests.webhooks.receiver import WebhookReceiver


def _given_up(recorded: list[Any]) -> bool:
    return any(r.status is not None and r.status.value == "GAVE_UP" for r in recorded)


async def _update(admin: GraphQLClient, endpoint_id: str, **changes: Any) -> None:
    await admin.mutate("updateWebhookEndpoint", UPDATE, {"input": {"id": endpoint_id, **changes}})


async def _withheld_untried(admin: GraphQLClient, engine: AsyncEngine, endpoint_id: str, reason: str) -> None:
    [logged] = await deliveries(admin, endpoint_id)
    assert logged["status"] == "GAVE_UP" and logged["gaveUpAt"] and logged["deliveredAt"] is None
    assert logged["lastError"] == WITHHELD[reason] and logged["lastError"].startswith("not sent:")
    assert logged["attempts"] == 0 and logged["lastStatusCode"] is None
    assert await rows(engine, "SELECT id FROM webhook_attempts") == []


async def test_a_delivery_queued_before_its_endpoint_was_deactivated_is_not_sent(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    await submit(client, email="mehmet@example.org")  # queued while active
    await _update(admin, endpoint_id, active=False)
    async with dispatching(database_url, webhook_settings) as observed:
        [recorded] = await observed.until(_given_up)
    assert recorded.error == WITHHELD["inactive"] and recorded.status_code is None
    assert receiver.deliveries == []
    await _withheld_untried(admin, engine, endpoint_id, "inactive")


async def test_a_delivery_for_an_event_the_endpoint_unsubscribed_from_is_not_sent(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    await submit(client, email="mehmet@example.org")
    await _update(admin, endpoint_id, events=["STATUS_CHANGED"])
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.until(_given_up)
    assert receiver.deliveries == []
    await _withheld_untried(admin, engine, endpoint_id, "unsubscribed")


async def test_an_internal_event_queued_before_the_endpoint_lost_include_internal_is_not_sent(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["INTERNAL_NOTE"], includeInternal=True)
    ticket = await ticket_id(admin, (await submit(client, email="mehmet@example.org"))["reference"])
    await admin.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket, "body": "Muhtar aradı."}})
    await _update(admin, endpoint_id, includeInternal=False)
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.until(_given_up)
    assert receiver.deliveries == []
    await _withheld_untried(admin, engine, endpoint_id, "internal")


async def _first_try_fails(receiver: WebhookReceiver, database_url: str, settings: Settings) -> None:
    receiver.fail_first = 10_000
    async with dispatching(database_url, settings) as observed:
        await observed.until(lambda rs: len(rs) >= 1)
    receiver.fail_first = 0


async def test_a_body_written_with_contact_details_is_not_retried_once_the_endpoint_lost_them(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"], includeContact=True)
    await submit(client, email="mehmet@example.org")
    await _first_try_fails(receiver, database_url, webhook_settings)
    tried = len(receiver.deliveries)
    assert "mehmet@example.org" in receiver.deliveries[0].raw.decode()  # the body is fixed from then on
    await _update(admin, endpoint_id, includeContact=False)
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.until(_given_up)
    assert len(receiver.deliveries) == tried  # not one more try with the contact in it
    [logged] = await deliveries(admin, endpoint_id)
    assert logged["status"] == "GAVE_UP" and logged["lastError"] == WITHHELD["contact"]


async def test_a_body_written_with_staff_words_is_not_retried_once_the_endpoint_lost_include_internal(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    # A public event, but its body (written for an internal endpoint) names the staff member.
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"], includeInternal=True)
    await submit(client, email="mehmet@example.org")
    await _first_try_fails(receiver, database_url, webhook_settings)
    tried = len(receiver.deliveries)
    assert "actor" in receiver.deliveries[0].body["data"]["event"]
    await _update(admin, endpoint_id, includeInternal=False)
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.until(_given_up)
    assert len(receiver.deliveries) == tried
    [logged] = await deliveries(admin, endpoint_id)
    assert logged["lastError"] == WITHHELD["words"]


async def test_an_endpoint_put_back_as_it_was_gets_a_resent_delivery(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    await submit(client, email="mehmet@example.org")
    await _update(admin, endpoint_id, active=False)
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.until(_given_up)
        await _update(admin, endpoint_id, active=True)
        [logged] = await deliveries(admin, endpoint_id)
        await admin.mutate("resendWebhookDelivery", RESEND, {"input": {"id": logged["id"]}})
        await observed.delivered(1)
    [arrived] = receiver.at("/hooks")
    assert arrived.headers["cozum-delivery"] == logged["deliveryId"]
