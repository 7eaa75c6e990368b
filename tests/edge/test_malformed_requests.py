"""Every malformed request gets a 400 (405 for a method) with a JSON error in GraphQL's shape."""

import json
from typing import Any

import httpx
import pytest

JSON = {"content-type": "application/json"}
NESTED = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
DEEP_BUT_PARSEABLE = b'{"query": "{ __typename }", "variables": {"v": ' + b"[" * 100 + b"]" * 100 + b"}}"

BODIES = {
    "null": b"null",
    "a number": b"1",
    "an empty batch": b"[]",
    "a batch": b'[{"query": "{ __typename }"}]',
    "a string": b'"x"',
    "invalid UTF-8": b'{"query": "{ __typename \xff\xfe }"}',
    "not JSON": b"{query: 1}",
    "empty": b"",
    "nested 1,000 deep": NESTED,
    "nested 100 deep": DEEP_BUT_PARSEABLE,
    "NaN": b'{"query": "{ __typename }", "variables": {"v": NaN}}',
    "a 5,000-digit number": b'{"query": "{ __typename }", "variables": {"v": ' + b"9" * 5000 + b"}}",
    "query a number": b'{"query": 1}',
    "query an object": b'{"query": {"a": 1}}',
    "variables a list": b'{"query": "{ __typename }", "variables": [1]}',
    "variables a string": b'{"query": "{ __typename }", "variables": "{}"}',
    "operationName a number": b'{"query": "{ __typename }", "operationName": 1}',
    "operationName a list": b'{"query": "{ __typename }", "operationName": ["a"]}',
    "extensions a string": b'{"query": "{ __typename }", "extensions": "x"}',
    "no query": b'{"variables": {}}',
    # Each value costs the nesting and string checks a step in Python: 1.4 s of CPU for these 4 MB.
    "a million values": b'{"query": "{ __typename }", "variables": {"v": [' + b",".join([b"{}"] * 1_300_000) + b"]}}",
}

QUERY_STRINGS = {
    "no query": "",
    "variables not JSON": "?query={__typename}&variables={x",
    "variables a list": "?query={__typename}&variables=[1]",
    "extensions not JSON": "?query={__typename}&extensions=nope",
    "variables nested 1,000 deep": "?query={__typename}&variables=" + "[" * 1000 + "]" * 1000,
    "a mutation": "?query=mutation{logout{userErrors{code}}}",
}

CONTENT_TYPES = ["application/xml", "image/png", "application/graphql", "text/html"]


def assert_bad_request(response: httpx.Response, status: int = 400) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body["data"] is None
    [error] = body["errors"]
    assert isinstance(error["message"], str) and error["message"]
    assert error["extensions"]["code"] == ("BAD_REQUEST" if status == 400 else "METHOD_NOT_ALLOWED")


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
async def test_a_malformed_body_is_a_json_400(http: httpx.AsyncClient, body: bytes) -> None:
    assert_bad_request(await http.post("/graphql", content=body, headers=JSON))


@pytest.mark.parametrize("query", QUERY_STRINGS.values(), ids=QUERY_STRINGS.keys())
async def test_a_malformed_get_is_a_json_400(http: httpx.AsyncClient, query: str) -> None:
    assert_bad_request(await http.get("/graphql" + query, headers={"accept": "application/json"}))


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
async def test_an_unsupported_content_type_is_a_json_400(http: httpx.AsyncClient, content_type: str) -> None:
    body = json.dumps({"query": "{ __typename }"})
    assert_bad_request(await http.post("/graphql", content=body, headers={"content-type": content_type}))


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
async def test_another_method_is_a_json_405(http: httpx.AsyncClient, method: str) -> None:
    assert_bad_request(await http.request(method, "/graphql", json={"query": "{ __typename }"}), status=405)


async def test_a_form_labelled_json_body_still_works(http: httpx.AsyncClient) -> None:
    """What `curl -d` sends: JSON labelled as a form."""
    response = await http.post("/graphql", content=b'{"query": "{ __typename }"}',
                               headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.json() == {"data": {"__typename": "Query"}, "extensions": response.json()["extensions"]}


async def test_a_get_with_variables_still_works(http: httpx.AsyncClient) -> None:
    response = await http.get("/graphql", params={"query": "query($n: Int) { categories(first: $n) { totalCount } }",
                                                  "variables": '{"n": 1}'})
    assert response.status_code == 200 and response.json()["data"]["categories"]["totalCount"] > 0


@pytest.mark.parametrize("method", ["POST", "GET"])
async def test_a_subscription_over_http_is_a_json_400(http: httpx.AsyncClient, method: str) -> None:
    """Subscriptions are served over WebSocket; over HTTP one ran as a query and failed as a
    fault of ours (logged, and "Unexpected error." in production)."""
    query = "subscription { liveStats { received } }"
    if method == "GET":
        response = await http.get("/graphql", params={"query": query}, headers={"accept": "application/json"})
    else:
        response = await http.post("/graphql", json={"query": query})
    assert_bad_request(response)
