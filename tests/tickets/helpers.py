from typing import Any

from tests.fixtures.graphql import GraphQLClient
from tests.tickets.queries import CATEGORIES, CREATE, DEPARTMENTS


async def category_ids(client: GraphQLClient) -> dict[str, str]:
    data = await client.data(CATEGORIES)
    return {e["node"]["code"]: e["node"]["id"] for e in data["categories"]["edges"]}


async def department_ids(client: GraphQLClient) -> dict[str, str]:
    data = await client.data(DEPARTMENTS)
    return {e["node"]["code"]: e["node"]["id"] for e in data["departments"]["edges"]}


async def new_ticket(staff: GraphQLClient, category: str = "ROAD_POTHOLE", **extra: Any) -> dict[str, Any]:
    categories = await category_ids(staff)
    input_ = {
        "channel": "PHONE",
        "categoryId": categories[category],
        "description": "Cumhuriyet Caddesi üzerinde büyük bir çukur var, araçlar zarar görüyor.",
        **extra,
    }
    payload = await staff.mutate("createTicket", CREATE, {"input": input_})
    ticket: dict[str, Any] = payload["ticket"]
    return ticket
