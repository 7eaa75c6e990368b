"""A citizen reopens their own request within 30 days of its result, with reference and secret."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.db import create_sessionmaker, transaction
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CHANGE_STATUS, FIND, SUBMIT

REOPEN_REQUEST = """
mutation($input: ReopenRequestInput!) {
  reopenRequest(input: $input) {
    request { status statusLabel timeline { type message } }
    userErrors { field code message }
  }
}
"""


@pytest.fixture
async def resolved(client: GraphQLClient, staff: GraphQLClient) -> dict[str, Any]:
    """A citizen's request that staff have resolved."""
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"], "description": "Okul önündeki çukur."}})
    ticket = (await staff.data(FIND, {"text": submitted["reference"]}))["tickets"]["edges"][0]["node"]
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "reason": "Yol onarıldı.", "expectedVersion": ticket["version"]}})
    return {"reference": submitted["reference"], "secret": submitted["secret"]}


async def reopen(client: GraphQLClient, request: dict[str, Any], reason: str = "Çukur yine açıldı.") -> Any:
    return (await client.data(REOPEN_REQUEST, {"input": {**request, "reason": reason}}))["reopenRequest"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_the_citizen_reopens_a_resolved_request(client: GraphQLClient, resolved: dict[str, Any]) -> None:
    payload = await reopen(client, resolved)
    assert payload["userErrors"] == []
    request = payload["request"]
    assert request["status"] in ("NEW", "ROUTED") and request["timeline"][-1] == {
        "type": "REOPENED", "message": "Çukur yine açıldı."}


async def test_after_thirty_days_it_is_refused_and_nothing_changes(
    client: GraphQLClient, resolved: dict[str, Any], engine: AsyncEngine
) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await session.execute(text("UPDATE tickets SET closed_at = closed_at - interval '31 days' WHERE reference = :r"),
                              {"r": resolved["reference"]})
    before = await database_snapshot(engine)
    payload = await reopen(client, resolved)
    assert codes(payload) == ["INVALID_TRANSITION"] and "153" in payload["userErrors"][0]["message"]
    assert await database_snapshot(engine) == before


async def test_a_wrong_secret_looks_like_an_unknown_reference(
    client: GraphQLClient, resolved: dict[str, Any]
) -> None:
    wrong_secret = await reopen(client, {**resolved, "secret": "x" * 24})
    unknown = await reopen(client, {"reference": "TST-2026-999999", "secret": resolved["secret"]})
    assert wrong_secret == unknown and codes(unknown) == ["NOT_FOUND"]


async def test_an_open_request_cannot_be_reopened(client: GraphQLClient, resolved: dict[str, Any]) -> None:
    assert (await reopen(client, resolved))["userErrors"] == []
    assert codes(await reopen(client, resolved)) == ["INVALID_TRANSITION"]


async def test_a_reason_is_required(client: GraphQLClient, resolved: dict[str, Any]) -> None:
    payload = await reopen(client, resolved, reason="   ")
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "reason"], "REQUIRED")]
