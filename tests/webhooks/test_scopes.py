"""What leaves is what the endpoint's scope allows: internal notes and contact details only when asked for."""

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.tickets.queries import NOTE, REPLY
from tests.webhooks.helpers import dispatching, register, ticket_id
from tests.webhooks.receiver import WebhookReceiver

EVENTS = ["CREATED", "INTERNAL_NOTE", "PUBLIC_REPLY"]
NOTE_TEXT = "Ekip yarın sabah sahada; muhtarla görüşüldü."
REPLY_TEXT = "Ekiplerimiz yarın çalışma yapacak."


async def test_an_internal_note_reaches_only_the_endpoint_allowed_internal_events(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    await register(admin, f"{receiver.url}/public", EVENTS)
    await register(admin, f"{receiver.url}/internal", EVENTS, includeInternal=True)
    submitted = await submit(client, email="mehmet@example.org")
    ticket = await ticket_id(admin, submitted["reference"])
    await admin.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket, "body": NOTE_TEXT}})
    await admin.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket, "body": REPLY_TEXT}})
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.delivered(5)

    public = sorted(receiver.at("/public"), key=lambda d: d.body["createdAt"])
    internal = sorted(receiver.at("/internal"), key=lambda d: d.body["createdAt"])
    assert [d.body["type"] for d in public] == ["ticket.created", "ticket.public_reply"]
    assert [d.body["type"] for d in internal] == ["ticket.created", "ticket.internal_note", "ticket.public_reply"]
    assert all(NOTE_TEXT not in d.raw.decode() for d in public)
    assert internal[1].body["data"]["event"]["message"] == NOTE_TEXT
    assert internal[1].body["data"]["event"]["public"] is False
    # The reply is the citizen's to read: every endpoint gets its words; staff names only internally.
    assert public[1].body["data"]["event"]["message"] == REPLY_TEXT and "actor" not in public[1].body["data"]["event"]
    assert internal[2].body["data"]["event"]["actor"] == "Zeynep Yönetici"
    per_endpoint = await rows(engine, """
        SELECT e.url, count(*) AS n FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
        GROUP BY e.url ORDER BY e.url""")
    assert [r["n"] for r in per_endpoint] == [3, 2]  # /internal, /public


async def test_contact_details_go_only_to_an_endpoint_allowed_them(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings,
) -> None:
    await register(admin, f"{receiver.url}/without", ["CREATED"])
    await register(admin, f"{receiver.url}/with", ["CREATED"], includeContact=True)
    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org", phone="0532 111 22 33")
        await observed.delivered(2)

    [without] = receiver.at("/without")
    [with_contact] = receiver.at("/with")
    assert "contact" not in without.body["data"]["ticket"]
    assert "mehmet@example.org" not in without.raw.decode() and "Mehmet" not in without.raw.decode()
    assert with_contact.body["data"]["ticket"]["contact"] == {
        "name": "Mehmet Yılmaz", "phone": "+905321112233", "email": "mehmet@example.org",
    }
    assert with_contact.body["data"]["ticket"]["id"] == without.body["data"]["ticket"]["id"]
    assert with_contact.headers["cozum-delivery"] != without.headers["cozum-delivery"]
