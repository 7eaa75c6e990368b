"""Our side of the thread: the first reply reaches the citizen on WhatsApp with the reference,
the tracking link and the KVKK notice, and what Meta says of it becomes its delivery status."""

import copy
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.kit.relay import to_global_id
from cozum.notifications.privacy import PRIVACY_NOTICE_VERSION
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import Running, running_worker
from tests.whatsapp.graph import PHONE_NUMBER_ID, GraphServer
from tests.whatsapp.helpers import WA_ID, Watcher, fixture, post, rows, settled, value_of, variant

THREAD = """
query($id: ID!) { node(id: $id) { ... on Ticket {
  reference
  whatsappMessages { id type text attachment { kind } mediaProblem }
  notifications { kind channel status message deliveryStatus receipts { status occurredAt error } }
} } }
"""


@pytest.fixture
async def worker(database_url: str, settings: Settings) -> AsyncIterator[Running]:
    async with running_worker(database_url, settings) as running:
        yield running


def _status(provider_id: str, status: str, at: int) -> dict[str, object]:
    payload = copy.deepcopy(fixture("status-delivered"))
    value_of(payload)["statuses"][0].update(id=provider_id, status=status, timestamp=str(at))
    return payload


async def test_the_first_reply_carries_reference_link_and_notice_and_its_receipts_show(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, worker: Running, graph: GraphServer,
    staff: GraphQLClient,
) -> None:
    assert (await post(http, variant("text", "wamid.R1", time.time()))).status_code == 200
    await settled(engine, processor)
    await worker.settled(1)
    [ticket] = await rows(engine, "SELECT id, reference FROM tickets")
    [sent] = graph.sent
    assert sent.path == f"/v21.0/{PHONE_NUMBER_ID}/messages"
    assert sent.body["to"] == WA_ID and sent.body["type"] == "text"  # the citizen just wrote: free text
    body = sent.body["text"]["body"]
    assert ticket["reference"] in body and "/track#r=" in body
    assert "KVKK" in body and PRIVACY_NOTICE_VERSION in body
    [outbox] = await rows(engine, "SELECT sent_body, provider_message_id FROM outbox")
    assert outbox["sent_body"] == body

    # Meta's receipts, out of order and one of them twice, and one for a message not ours.
    now = int(time.time())
    provider_id = outbox["provider_message_id"]
    for payload in (_status(provider_id, "read", now + 20), _status(provider_id, "sent", now),
                    _status(provider_id, "delivered", now + 10), _status(provider_id, "read", now + 20),
                    fixture("status-delivered")):
        assert (await post(http, payload)).status_code == 200
    await settled(engine, processor)
    assert len(await rows(engine, "SELECT id FROM delivery_receipts WHERE outbox_id IS NOT NULL")) == 3

    data = await staff.data(THREAD, {"id": to_global_id("Ticket", ticket["id"])})
    [notification] = data["node"]["notifications"]
    assert notification["kind"] == "RECEIVED" and notification["message"] == body
    assert notification["deliveryStatus"] == "READ"
    assert [r["status"] for r in notification["receipts"]] == ["SENT", "DELIVERED", "READ"]
    [message] = data["node"]["whatsappMessages"]
    assert message["type"] == "TEXT" and message["text"].startswith("Merhaba")


async def test_a_later_reply_outside_the_24_hour_window_goes_as_the_template(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, worker: Running, graph: GraphServer,
) -> None:
    # Sent two days ago, delivered only now (Meta retries for days): the window has closed.
    assert (await post(http, variant("text", "wamid.R2", time.time() - 48 * 3600))).status_code == 200
    await settled(engine, processor)
    await worker.settled(1)
    [sent] = graph.sent
    assert sent.body["type"] == "template"
    [outbox] = await rows(engine, "SELECT sent_body FROM outbox")
    [reference] = await rows(engine, "SELECT reference FROM tickets")
    assert outbox["sent_body"].startswith("[cozum_update]") and reference["reference"] in outbox["sent_body"]
