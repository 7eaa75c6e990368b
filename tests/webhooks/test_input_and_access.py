"""Hostile input to the administration is a user error, never a 500; nobody but an administrator
reaches an endpoint, not through `node(id:)` and not with an API key; the log costs a fixed
number of queries however many endpoints there are."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.config import Settings
from tests.auth.helpers import CREATE_KEY, key_client
from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows
from tests.tickets.factories import new_ticket, operator
from tests.webhooks.helpers import CREATE, ENDPOINTS, UPDATE, deliveries, dispatching, register
from tests.webhooks.receiver import WebhookReceiver

GOOD: dict[str, Any] = {"name": "EBYS", "url": "https://ebys.example.org/cozum", "events": ["CREATED"]}
PAGE = """query($id: ID!, $after: String) { node(id: $id) { ... on WebhookEndpoint {
  deliveries(first: 3, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } } }"""
NODE = 'query($id: ID!) { node(id: $id) { id ... on WebhookEndpoint { url } } }'


def _codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["field"][-1], e["code"]) for e in payload["userErrors"]]


async def test_hostile_registrations_are_user_errors(admin: GraphQLClient, engine: AsyncEngine) -> None:
    for change, expected in [
        ({"url": "https://ebys.example.org/" + "a" * 3000}, ("url", "TOO_LONG")),
        ({"name": "E" * 101}, ("name", "TOO_LONG")),
        ({"url": "http://xn--/"}, ("url", "INVALID")),  # a malformed IDNA name was a 500
        ({"url": "http://ebys.example.org:99999/"}, ("url", "INVALID")),
        ({"url": "http://[::1/"}, ("url", "INVALID")),
    ]:
        body = await admin.execute(CREATE, {"input": {**GOOD, **change}})
        assert "errors" not in body, (change, body)
        assert _codes(body["data"]["createWebhookEndpoint"]) == [expected], change
    unknown = await admin.execute(CREATE, {"input": {**GOOD, "events": ["NOTIFICATION_SENT"]}})
    assert unknown["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert await rows(engine, "SELECT id FROM webhook_endpoints") == []


async def test_updates_are_checked_as_registrations_are(admin: GraphQLClient, receiver: WebhookReceiver) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED", "CREATED", "ROUTED", "CREATED"])
    refusals: list[tuple[dict[str, Any], tuple[str, str]]] = [
        ({"events": []}, ("events", "REQUIRED")), ({"url": "gopher://x/"}, ("url", "INVALID")),
        ({"url": "http://xn--/"}, ("url", "INVALID")), ({"name": ""}, ("name", "REQUIRED")),
    ]
    for change, expected in refusals:
        payload = (await admin.data(UPDATE, {"input": {"id": endpoint_id, **change}}))["updateWebhookEndpoint"]
        assert _codes(payload) == [expected] and payload["endpoint"] is None, change
    listed = (await admin.data("{ webhookEndpoints { events url } }"))["webhookEndpoints"]
    assert listed == [{"events": ["CREATED", "ROUTED"], "url": f"{receiver.url}/hooks"}]  # unchanged, once each


async def test_only_administrators_reach_an_endpoint_by_its_id(
    admin: GraphQLClient, staff: GraphQLClient, app: Any, receiver: WebhookReceiver,
) -> None:
    endpoint_id, _ = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    assert (await admin.data(NODE, {"id": endpoint_id}))["node"] == {"id": endpoint_id, "url": f"{receiver.url}/hooks"}
    assert (await staff.data(NODE, {"id": endpoint_id}))["node"] is None
    every_scope = ["SUBMIT", "READ_PUBLIC", "READ_ALL", "WRITE_TICKETS", "SUBSCRIBE", "INTROSPECT"]
    key = (await admin.mutate("createApiKey", CREATE_KEY, {"input": {"name": "BI", "scopes": every_scope}}))["key"]
    integrator = key_client(app, key)
    try:
        assert (await integrator.data(NODE, {"id": endpoint_id}))["node"] is None
        listed = await integrator.execute(ENDPOINTS)
        assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN" and listed["data"] is None
        created = await integrator.execute(CREATE, {"input": GOOD})
        assert created["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    finally:
        await integrator.http.aclose()


async def test_the_delivery_log_of_many_endpoints_costs_what_one_costs(
    admin: GraphQLClient, receiver: WebhookReceiver, db: AsyncSession, database_url: str,
    webhook_settings: Settings, sql_log: SqlLog,
) -> None:
    async def queries() -> int:
        sql_log.clear()
        await admin.data(ENDPOINTS)
        return len(sql_log.statements)

    actor = await operator(db)
    await register(admin, f"{receiver.url}/0", ["CREATED"])
    await new_ticket(db, actor)
    await db.commit()
    one = await queries()
    for n in range(1, 5):
        await register(admin, f"{receiver.url}/{n}", ["CREATED"])
    for _ in range(3):
        await new_ticket(db, actor)
    await db.commit()
    async with dispatching(database_url, webhook_settings) as observed:
        await observed.delivered(1 + 3 * 5)
    assert await queries() == one

    # Pages along the cursor: newest first, each delivery once, per endpoint.
    endpoint = (await admin.data("{ webhookEndpoints { id } }"))["webhookEndpoints"][0]["id"]
    ids, after, more = [], None, True
    while more:
        page = (await admin.data(PAGE, {"id": endpoint, "after": after}))["node"]["deliveries"]
        ids += [edge["node"]["id"] for edge in page["edges"]]
        after, more = page["pageInfo"]["endCursor"], page["pageInfo"]["hasNextPage"]
        assert page["totalCount"] == 4
    listed = await deliveries(admin, endpoint)
    assert ids == [d["id"] for d in listed] and len(ids) == 4
    assert [d["createdAt"] for d in listed] == sorted((d["createdAt"] for d in listed), reverse=True)
