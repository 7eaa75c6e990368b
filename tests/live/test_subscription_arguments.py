"""`ticketEvents` arguments are checked before any SQL: cursors within bigint, ids bounded."""

import json
from typing import Any

import pytest

from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import connection, start

EVENTS = "subscription($after: String, $f: TicketEventFilter) { ticketEvents(after: $after, filter: $f) { cursor } }"


async def _first_error(live: str, staff: GraphQLClient, variables: dict[str, Any]) -> dict[str, Any]:
    async with connection(live, cookie=staff.http.cookies["cozum_session"]) as socket_:
        await start(socket_, "1", EVENTS, variables)
        message = json.loads(await socket_.recv())
    # Raised by the resolver before its first message: a `next` carrying only errors.
    assert message["type"] == "next" and message["payload"]["data"] is None, message
    error: dict[str, Any] = message["payload"]["errors"][0]
    return error


@pytest.mark.parametrize("after", ["9999999999999999999", "9223372036854775808", "١٢٣", "-1", "1e3"])
async def test_a_cursor_beyond_bigint_or_not_ascii_digits_is_invalid(live: str, staff: GraphQLClient, after: str) -> None:
    error = await _first_error(live, staff, {"after": after})
    assert error["extensions"]["code"] == "INVALID_CURSOR"


async def test_a_filter_with_thousands_of_ids_is_a_bad_request(live: str, staff: GraphQLClient) -> None:
    ids = [f"RGVwYXJ0bWVudDo{i}" for i in range(40_000)]
    error = await _first_error(live, staff, {"after": "0", "f": {"departmentIds": ids}})
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert "100" in error["message"]
