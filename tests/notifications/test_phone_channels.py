"""SMS through a local gateway, WhatsApp through a local server speaking the Cloud API's /messages."""

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import PHONE_NUMBER_ID, TOKEN, rows, running_worker, submit
from tests.notifications.receivers import HttpReceiver


async def _keys(engine: AsyncEngine) -> list[dict[str, Any]]:
    return await rows(engine, "SELECT idempotency_key, status, provider_message_id FROM outbox ORDER BY id")


async def test_the_sms_gateway_receives_the_message_with_the_idempotency_key(
    client: GraphQLClient, sms_gateway: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    submitted = await submit(client, reply="SMS", phone="0532 111 22 33")
    async with running_worker(database_url, outbox_settings) as worker:
        await sms_gateway.until(lambda: len(sms_gateway.requests) == 1)
        await worker.settled(1)
    [request] = sms_gateway.requests
    [row] = await _keys(engine)
    assert request.path == "/sms"
    assert request.headers["idempotency-key"] == row["idempotency_key"]
    assert request.body["to"] == "+905321112233" and request.body["reference"] == submitted["reference"]
    assert submitted["reference"] in request.body["text"]
    assert f"#r={submitted['reference']}&s={submitted['secret']}" in request.body["text"]
    assert row["status"] == "SENT" and row["provider_message_id"] == "sms-1"


async def test_whatsapp_sends_free_text_within_24_hours_and_the_template_after(
    client: GraphQLClient, whatsapp: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    recent = await submit(client, reply="WHATSAPP", phone="+90 532 111 22 33")
    silent = await submit(client, reply="WHATSAPP", language="EN", phone="+90 533 444 55 66")
    async with engine.begin() as connection:
        # The WhatsApp intake keeps this; here the first citizen wrote an hour ago, the other never.
        await connection.execute(text(
            "UPDATE contacts SET last_whatsapp_message_at = now() - interval '1 hour' WHERE phone = '+905321112233'"
        ))
    async with running_worker(database_url, outbox_settings) as worker:
        await worker.settled(2)
    by_to = {r.body["to"]: r for r in whatsapp.requests}
    assert set(by_to) == {"905321112233", "905334445566"}
    for request in by_to.values():
        assert request.path == f"/v21.0/{PHONE_NUMBER_ID}/messages"
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        assert request.body["messaging_product"] == "whatsapp"

    text_message = by_to["905321112233"].body
    assert text_message["type"] == "text"
    assert recent["reference"] in text_message["text"]["body"] and recent["secret"] in text_message["text"]["body"]

    template = by_to["905334445566"].body
    assert template["type"] == "template"
    assert template["template"]["name"] == "cozum_update" and template["template"]["language"] == {"code": "en"}
    [component] = template["template"]["components"]
    parameters = [p["text"] for p in component["parameters"]]
    assert parameters[0] == silent["reference"] and parameters[1] == "Received"
    assert parameters[2] == f"http://localhost:8000/track#r={silent['reference']}&s={silent['secret']}"
    assert {r["provider_message_id"] for r in await _keys(engine)} == {"wamid.TEST0001", "wamid.TEST0002"}


async def test_a_refused_whatsapp_token_is_retried_with_meta_s_error_recorded(
    client: GraphQLClient, whatsapp: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    await submit(client, reply="WHATSAPP", phone="+90 532 111 22 33")
    expired = outbox_settings.model_copy(update={"whatsapp_access_token": "expired", "outbox_retry_base_seconds": 60})
    async with running_worker(database_url, expired) as worker:
        [recorded] = await worker.until(lambda rs: len(rs) == 1)
    # An expired token is the administrator's to renew: the message waits, it is not given up.
    assert recorded.status is not None and recorded.status.value == "PENDING"
    [row] = await rows(engine, "SELECT status, last_error FROM outbox")
    assert row == {"status": "PENDING", "last_error": "HTTP 401: (190) Invalid OAuth access token."}
