"""The GraphQL multipart request spec at the edge: who may post, and what a malformed one gets."""

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.config import Settings
from tests.attachments import media
from tests.attachments.helpers import photos, post_files, table_count
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

SUBMIT = """
mutation($input: SubmitRequestInput!) {
  submitRequest(input: $input) { reference userErrors { field code } }
}
"""


async def submit_input(client: GraphQLClient, count: int) -> dict[str, Any]:
    categories = await category_ids(client)
    return {"input": {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.", "attachments": [None] * count}}


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    error = response.json()["errors"][0]
    return response.status_code, error["extensions"]["code"], error["message"]


async def test_an_upload_from_a_foreign_page_is_refused_and_nothing_is_stored(
    client: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    variables = await submit_input(client, 1)
    response = await post_files(client, SUBMIT, variables, photos(media.jpeg()),
                                headers={"Origin": "https://evil.example"})
    status, code, _ = refusal(response)
    assert (status, code) == (403, "FORBIDDEN")
    assert await table_count(engine, "tickets") == 0 and not (settings.data_dir / "files").exists()


async def test_an_upload_from_our_own_page_is_accepted(client: GraphQLClient, settings: Settings) -> None:
    variables = await submit_input(client, 1)
    origin = settings.public_base_url
    response = await post_files(client, SUBMIT, variables, photos(media.jpeg()), headers={"Origin": origin})
    assert response.status_code == 200 and response.json()["data"]["submitRequest"]["userErrors"] == []


@pytest.mark.parametrize(("form", "needle"), [
    ({"operations": "{not json", "map": "{}"}, "operations"),
    ({"operations": "{}"}, "`map`"),
    ({"operations": ""}, "`operations`"),
    ({"map": "[]"}, "`map` must be"),
    ({"map": json.dumps({"0": ["variables.input.attachments.0"], "9": ["variables.x"]})}, "'9'"),
    ({"map": json.dumps({"0": ["query"]})}, "variables.file"),
    ({"map": json.dumps({"0": ["variables.input.description"]})}, "null"),
    ({"map": json.dumps({"0": ["variables.input.attachments.7"]})}, "null"),
    ({"map": json.dumps({"0": "variables.input.attachments.0"})}, "list of paths"),
])
async def test_a_malformed_multipart_request_is_a_400_with_a_reason(
    client: GraphQLClient, engine: AsyncEngine, form: dict[str, str], needle: str
) -> None:
    variables = await submit_input(client, 1)
    base = {"operations": json.dumps({"query": SUBMIT, "variables": variables}),
            "map": json.dumps({"0": ["variables.input.attachments.0"]})}
    response = await client.http.post("/graphql", data={**base, **form}, files=[("0", ("a.jpg", media.jpeg(), "image/jpeg"))])
    status, code, message = refusal(response)
    assert (status, code) == (400, "BAD_REQUEST") and needle in message, message
    assert await table_count(engine, "tickets") == 0


async def test_too_many_parts_are_refused_while_reading(client: GraphQLClient) -> None:
    files = [(str(i), ("a.jpg", media.jpeg(), "image/jpeg")) for i in range(11)]
    response = await client.http.post("/graphql", data={"operations": "{}", "map": "{}"}, files=files)
    assert refusal(response)[:2] == (400, "BAD_REQUEST")


async def test_an_upload_cannot_be_sent_as_json(client: GraphQLClient) -> None:
    variables = await submit_input(client, 1)
    variables["input"]["attachments"] = ["data:image/jpeg;base64,/9j/4AAQ"]
    body = await client.execute(SUBMIT, variables)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "multipart" in body["errors"][0]["message"]


async def test_an_upload_cannot_be_written_in_the_document(client: GraphQLClient) -> None:
    categories = await category_ids(client)
    category = categories["ROAD_POTHOLE"]
    document = f'mutation {{ submitRequest(input: {{categoryId: "{category}", description: "x", attachments: ["a"]}}) {{ reference }} }}'
    response = await client.http.post("/graphql", json={"query": document})
    errors = response.json()["errors"]
    assert errors and errors[0]["extensions"]["code"].startswith("GRAPHQL_VALIDATION"), errors


async def test_an_upload_over_the_body_limit_is_a_413_with_a_reason(database_url: str, settings: Settings) -> None:
    app = create_app(database_url, settings.model_copy(update={"max_upload_bytes": 50_000}))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as http:
        client = GraphQLClient(http)
        variables = await submit_input(client, 1)
        response = await post_files(client, SUBMIT, variables, photos(media.noisy_jpeg(60_000)))
    await app.state.engine.dispose()
    status, code, message = refusal(response)
    assert (status, code) == (413, "PAYLOAD_TOO_LARGE") and "50000 bytes" in message
