"""Running a dispatcher as the tests need it, and the GraphQL documents an administrator uses."""

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from cozum.config import Settings
from cozum.webhooks.dispatcher import Dispatcher, Recorded
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.recording import Recording
from tests.tickets.queries import FIND

WAIT = 30.0


class Observed(Recording[Recorded]):
    """Every outcome a dispatcher recorded, in order."""

    async def delivered(self, count: int) -> list[Recorded]:
        return await self.until(lambda rs: sum(r.status is not None and r.status.value == "SENT" for r in rs) >= count)


@contextlib.asynccontextmanager
async def dispatching(database_url: str, settings: Settings, observed: Observed | None = None) -> AsyncIterator[Observed]:
    """A running dispatcher; give two of them one `observed` to watch them together."""
    observed = observed or Observed()
    dispatcher = Dispatcher.for_database(database_url, settings, on_recorded=observed)
    await dispatcher.start()
    try:
        yield observed
    finally:
        await dispatcher.stop()


CREATE = """
mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    endpoint { id name url events includeContact includeInternal active previousSecretUntil }
    secret userErrors { field code message }
  }
}
"""

UPDATE = """
mutation($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    endpoint { id name url events includeContact includeInternal active } userErrors { field code message }
  }
}
"""

ROTATE = """
mutation($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) { endpoint { id previousSecretUntil } secret userErrors { field code message } }
}
"""

RESEND = """
mutation($input: ResendWebhookDeliveryInput!) {
  resendWebhookDelivery(input: $input) { delivery { id deliveryId status } userErrors { field code message } }
}
"""

ENDPOINTS = """
{
  webhookEndpoints {
    id name
    deliveries(first: 20) {
      edges { node { id deliveryId event status attempts lastStatusCode lastError createdAt deliveredAt gaveUpAt
                     ticketReference } }
    }
  }
}
"""


async def register(admin: GraphQLClient, url: str, events: list[str], **scope: bool) -> tuple[str, str]:
    """(the endpoint's id, its secret)."""
    payload = await admin.mutate("createWebhookEndpoint", CREATE, {"input": {
        "name": "EBYS", "url": url, "events": events, **scope,
    }})
    return payload["endpoint"]["id"], payload["secret"]


async def deliveries(admin: GraphQLClient, endpoint_id: str) -> list[dict[str, Any]]:
    endpoints = (await admin.data(ENDPOINTS))["webhookEndpoints"]
    [endpoint] = [e for e in endpoints if e["id"] == endpoint_id]
    return [edge["node"] for edge in endpoint["deliveries"]["edges"]]


async def ticket_id(staff: GraphQLClient, reference: str) -> str:
    found: str = (await staff.data(FIND, {"text": reference}))["tickets"]["edges"][0]["node"]["id"]
    return found
