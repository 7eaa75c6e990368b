"""Our replies at their edges: a receipt Meta sends before our attempt is even recorded still
finds its message; the notice comes once per ticket's first reply, never with a follow-up."""

import copy
import time

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.kit.language import Language
from cozum.kit.relay import to_global_id
from cozum.notifications.privacy import privacy_notice
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import running_worker
from tests.whatsapp.graph import GraphServer
from tests.whatsapp.helpers import Watcher, fixture, post, rows, settled, value_of, variant

RECEIPTS = "query($id: ID!) { node(id: $id) { ... on Ticket { notifications { deliveryStatus receipts { status } } } } }"


async def test_a_receipt_that_came_before_the_send_was_recorded_is_matched_to_it(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, staff: GraphQLClient,
    database_url: str, settings: Settings,
) -> None:
    # Meta's "sent" can overtake the answer to our send: it names the id the local Graph API
    # is about to give the first message it takes.
    status = copy.deepcopy(fixture("status-delivered"))
    value_of(status)["statuses"][0].update(id="wamid.SENT0001", status="sent", timestamp=str(int(time.time())))
    assert (await post(http, status)).status_code == 200
    await settled(engine, processor)
    [early] = await rows(engine, "SELECT outbox_id FROM delivery_receipts")
    assert early["outbox_id"] is None
    assert (await post(http, variant("text", "wamid.E1"))).status_code == 200
    await settled(engine, processor)
    async with running_worker(database_url, settings) as worker:
        await worker.settled(1)
    [outbox] = await rows(engine, "SELECT id, provider_message_id FROM outbox")
    assert outbox["provider_message_id"] == "wamid.SENT0001"
    [receipt] = await rows(engine, "SELECT outbox_id, attempt_id FROM delivery_receipts")
    assert receipt["outbox_id"] == outbox["id"] and receipt["attempt_id"] is not None
    [ticket] = await rows(engine, "SELECT id FROM tickets")
    data = await staff.data(RECEIPTS, {"id": to_global_id("Ticket", ticket["id"])})
    assert data["node"]["notifications"] == [{"deliveryStatus": "SENT", "receipts": [{"status": "SENT"}]}]


async def test_the_notice_is_in_each_tickets_first_reply_once_and_a_follow_up_gets_no_reply(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, settings: Settings,
    database_url: str,
) -> None:
    window = settings.whatsapp_conversation_hours * 3600
    start = time.time() - window - 120
    for wamid, at in (("wamid.O1", start), ("wamid.O2", start + 60), ("wamid.O3", start + window + 60)):
        assert (await post(http, variant("text", wamid, at))).status_code == 200
        await settled(engine, processor)
    # Sent once all came in: the citizen's last message is minutes old, so both go as text.
    async with running_worker(database_url, settings) as worker:
        await worker.settled(2)
    tickets = await rows(engine, "SELECT reference FROM tickets ORDER BY id")
    assert len(tickets) == 2  # the follow-up joined the first; the third opened the second
    bodies = [row["sent_body"] for row in await rows(engine, "SELECT sent_body FROM outbox ORDER BY id")]
    assert len(bodies) == 2
    for body, ticket in zip(bodies, tickets, strict=True):
        # Each new ticket is a new collection of data (other photos, another place): its first
        # reply says what is done with them, once.
        assert body.count(privacy_notice(Language.TR)) == 1 and ticket["reference"] in body, body
