"""Anonymous callers may file only so many requests a minute from one address."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.permissions import ApiScope
from cozum.config import Settings
from cozum.kit.address_limits import AddressBuckets, address_key
from tests.auth.helpers import key_client, make_key
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

LIMIT = 10  # the default, COZUM_ANONYMOUS_SUBMISSIONS_PER_MINUTE
SUBMIT_WITH_WAIT = """
mutation($input: SubmitRequestInput!) {
  submitRequest(input: $input) { reference retryAfter userErrors { field code message } }
}
"""
REOPEN = """
mutation($input: ReopenRequestInput!) {
  reopenRequest(input: $input) { request { status } retryAfter userErrors { field code } }
}
"""


def from_address(app: Any, address: str) -> GraphQLClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return GraphQLClient(httpx.AsyncClient(transport=transport, base_url="http://testserver"))


async def _submit(client: GraphQLClient, categories: dict[str, str]) -> httpx.Response:
    return await client.http.post("/graphql", json={"query": SUBMIT_WITH_WAIT, "variables": {"input": {
        "categoryId": categories["GARBAGE"], "description": "Konteyner iki gündür boşaltılmadı."}}},
        headers=client.headers())


async def _submit_many(client: GraphQLClient, count: int) -> list[dict[str, Any]]:
    categories = await category_ids(client)
    return [(await _submit(client, categories)).json()["data"]["submitRequest"] for _ in range(count)]


async def _tickets(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.exec_driver_sql("SELECT count(*) FROM tickets")).scalar_one())


async def test_one_address_files_ten_requests_a_minute_and_is_then_told_to_wait(
    app: Any, engine: AsyncEngine
) -> None:
    citizen = from_address(app, "198.51.100.7")
    accepted = await _submit_many(citizen, LIMIT)
    assert all(p["userErrors"] == [] and p["reference"] for p in accepted)
    response = await _submit(citizen, await category_ids(citizen))
    payload = response.json()["data"]["submitRequest"]
    assert payload["reference"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input"], "TOO_MANY_ATTEMPTS")]
    # One more request may go in as soon as the bucket has refilled by one: 60/10 s.
    assert 1 <= payload["retryAfter"] <= 6
    assert response.status_code == 200 and response.headers["retry-after"] == str(payload["retryAfter"])
    assert await _tickets(engine) == LIMIT


async def test_another_address_is_not_held_back(app: Any) -> None:
    await _submit_many(from_address(app, "198.51.100.7"), LIMIT + 1)
    payload = (await _submit_many(from_address(app, "198.51.100.8"), 1))[0]
    assert payload["userErrors"] == [] and payload["reference"]


async def test_addresses_of_one_ipv6_network_share_a_budget(app: Any) -> None:
    await _submit_many(from_address(app, "2001:db8:5:6::1"), LIMIT)
    payload = (await _submit_many(from_address(app, "2001:db8:5:6:abcd::99"), 1))[0]
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_reopening_counts_against_the_same_budget(app: Any) -> None:
    citizen = from_address(app, "198.51.100.7")
    accepted = await _submit_many(citizen, LIMIT)
    body = (await citizen.execute(REOPEN, {"input": {
        "reference": accepted[0]["reference"], "secret": "x" * 20, "reason": "Hâlâ orada."}}))
    payload = body["data"]["reopenRequest"]
    assert payload["request"] is None and payload["retryAfter"] >= 1
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_MANY_ATTEMPTS"]


async def test_staff_are_not_limited(staff: GraphQLClient) -> None:
    payloads = await _submit_many(staff, LIMIT + 2)
    assert all(p["userErrors"] == [] for p in payloads)


async def test_a_submit_key_keeps_its_own_limit_instead(app: Any, engine: AsyncEngine) -> None:
    key = await make_key(engine, "Mobil uygulama", [ApiScope.SUBMIT, ApiScope.READ_PUBLIC], rate_limit=600)
    payloads = await _submit_many(key_client(app, key), LIMIT + 2)
    assert all(p["userErrors"] == [] for p in payloads)


@pytest.mark.parametrize("limit", [1, 3])
async def test_the_limit_is_a_setting(limit: int, app: Any, settings: Settings) -> None:
    settings.anonymous_submissions_per_minute = limit  # the app reads its settings object as it goes
    codes = [[e["code"] for e in p["userErrors"]] for p in await _submit_many(from_address(app, "192.0.2.1"), 4)]
    assert codes == [[]] * limit + [["TOO_MANY_ATTEMPTS"]] * (4 - limit)


def test_the_budget_refills_one_request_at_a_time_and_forgets_quiet_addresses() -> None:
    now = [1000.0]
    buckets = AddressBuckets(clock=lambda: now[0])
    assert [buckets.take("a", 10) for _ in range(10)] == [None] * 10
    assert buckets.take("a", 10) == pytest.approx(6.0)
    now[0] += 6.0
    assert buckets.take("a", 10) is None and buckets.take("a", 10) == pytest.approx(6.0)
    now[0] += 61.0
    buckets.take("b", 10)
    assert buckets.addresses() == ["b"]  # nothing about "a" is kept once its bucket is full again


def test_ipv6_addresses_count_by_their_64_bit_network() -> None:
    assert address_key("2001:db8:5:6::1") == address_key("2001:db8:5:6:ffff::1") == "2001:db8:5:6::/64"
    assert address_key("::ffff:198.51.100.7") == address_key("198.51.100.7") == "198.51.100.7"
    assert address_key("unknown") == "unknown"
