"""Every kind of change, through an endpoint without scopes and one with every scope: nothing
internal, no staff name, no citizen's contact or private comment reaches the first."""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.config import Settings
from cozum.tickets import events
from cozum.tickets.enums import TicketStatus
from cozum.webhooks.models import WebhookEvent
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import new_ticket, operator
from tests.webhooks.helpers import dispatching, register
from tests.webhooks.receiver import WebhookReceiver

ALL = [e.value for e in WebhookEvent]
SECRET_WORDS = ["Ali Saha", "Ayşe Operatör", "Komşum yaptı, adım Fatma", "mükerrer kayıt", "iç not metni"]


async def test_an_endpoint_without_scopes_gets_only_public_changes_and_public_words(
    admin: GraphQLClient, receiver: WebhookReceiver, db: AsyncSession, database_url: str, webhook_settings: Settings,
) -> None:
    await register(admin, f"{receiver.url}/public", ALL)
    await register(admin, f"{receiver.url}/internal", ALL, includeInternal=True, includeContact=True)
    actor = await operator(db)
    ticket, target = await new_ticket(db, actor), await new_ticket(db, actor)
    events.ticket_assigned_event(db, ticket, actor, "Ali Saha")
    events.internal_note_event(db, ticket, actor, "iç not metni")
    events.attachment_added_event(db, ticket, actor, 7, "PHOTO", public=False)
    events.attachment_added_event(db, ticket, actor, 8, "PHOTO", public=True)
    events.satisfaction_answered_event(db, ticket, actor, 2, "Komşum yaptı, adım Fatma")
    events.ticket_merged_event(db, ticket, actor, TicketStatus.NEW, target, "mükerrer kayıt")
    events.ticket_received_merge_event(db, target, actor, [ticket])
    await db.commit()
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.delivered(4 + 9)  # public: two creations, a public file, the merge away

    public = receiver.at("/public")
    kinds = sorted((d.body["type"], d.body["data"]["event"]["details"].get("attachmentId", "")) for d in public)
    assert [k for k, _ in kinds] == ["ticket.attachment_added", "ticket.created", "ticket.created", "ticket.merged"]
    assert kinds[0][1] == "QXR0YWNobWVudDo4"  # Attachment:8, the public one
    for delivery in public:
        text = delivery.raw.decode()
        assert all(word not in text for word in SECRET_WORDS), delivery.body
        assert "actor" not in delivery.body["data"]["event"] and "contact" not in delivery.body["data"]["ticket"]
        assert delivery.body["data"]["event"]["public"] is True
    [merged] = [d for d in public if d.body["type"] == "ticket.merged"]
    assert merged.body["data"]["event"]["details"] == {"mergedInto": target.reference}
    assert "message" not in merged.body["data"]["event"]  # a merge reason is staff's

    internal = {(d.body["type"], d.body["data"]["event"]["public"]) for d in receiver.at("/internal")}
    assert internal == {
        ("ticket.created", True), ("ticket.assigned", False), ("ticket.internal_note", False),
        ("ticket.attachment_added", False), ("ticket.attachment_added", True),
        ("ticket.satisfaction_answered", False), ("ticket.merged", True), ("ticket.merged", False),
    }
    assert all(d.body["data"]["event"]["actor"] == "Ayşe Operatör" for d in receiver.at("/internal"))
