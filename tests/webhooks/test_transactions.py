"""Deliveries are written in the change's transaction: a change that does not commit sends nothing."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.config import Settings
from tests.conftest import count_rows
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.tickets.factories import new_ticket, operator
from tests.webhooks.helpers import dispatching, register, ticket_id
from tests.webhooks.receiver import WebhookReceiver


async def test_a_rolled_back_change_leaves_no_delivery(
    admin: GraphQLClient, receiver: WebhookReceiver, db: AsyncSession,
) -> None:
    await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    await new_ticket(db, await operator(db))
    assert await count_rows(db, "webhook_deliveries") == 1  # written with the change, in its transaction
    await db.rollback()
    assert await count_rows(db, "webhook_deliveries") == 0


async def test_a_mutation_undone_by_its_documents_failure_sends_nothing(
    admin: GraphQLClient, staff: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver,
    database_url: str, webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    await register(admin, f"{receiver.url}/notes", ["INTERNAL_NOTE"], includeInternal=True)
    await register(admin, f"{receiver.url}/created", ["CREATED"])
    ticket = await ticket_id(admin, (await submit(client, email="mehmet@example.org"))["reference"])
    # The note is written, then the operator's next field is refused: a top-level error undoes the lot.
    body = await staff.execute("""
        mutation($t: ID!) {
          addInternalNote(input: {ticketId: $t, body: "Bu not kalmamalı"}) { userErrors { code } }
          rotateWebhookSecret(input: {id: "V2ViaG9va0VuZHBvaW50OjE"}) { userErrors { code } }
        }""", {"t": ticket})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.delivered(1)  # the ticket's creation, which did commit
    assert await rows(engine, "SELECT id FROM ticket_events WHERE type = 'INTERNAL_NOTE'") == []
    assert receiver.at("/notes") == [] and len(receiver.at("/created")) == 1
    assert len(await rows(engine, "SELECT id FROM webhook_deliveries")) == 1
