"""`node(id:)` finds an endpoint for those who may list endpoints, and for nobody else."""

from tests.fixtures.graphql import GraphQLClient
from tests.webhooks.helpers import CREATE

NODE = "query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { id name url } } }"


async def test_an_endpoint_is_found_by_its_id_by_administrators_alone(
    admin: GraphQLClient, staff: GraphQLClient,
) -> None:
    created = await admin.data(CREATE, {"input": {"name": "EBYS", "url": "https://ebys.example.org/h", "events": ["CREATED"]}})
    endpoint_id = created["createWebhookEndpoint"]["endpoint"]["id"]
    found = await admin.data(NODE, {"id": endpoint_id})
    assert found["node"] == {"id": endpoint_id, "name": "EBYS", "url": "https://ebys.example.org/h"}
    assert (await staff.data(NODE, {"id": endpoint_id}))["node"] is None
