"""After a result, the citizen answers 1–5 on the tracking page; staff see the answer."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CHANGE_STATUS, FIND, SUBMIT

ANSWER = """
mutation($input: AnswerSatisfactionInput!) {
  answerSatisfaction(input: $input) {
    request { status canAnswerSatisfaction canReopen satisfaction { score comment } }
    userErrors { field code message }
  }
}
"""
TRACK = """
query($r: String!, $s: String!) {
  trackRequest(reference: $r, secret: $s) { canAnswerSatisfaction canReopen satisfaction { score } }
}
"""
STAFF_VIEW = """
query($id: ID!) {
  node(id: $id) { ... on Ticket { satisfaction { score comment answeredAt } timeline { edges { node { type public message } } } } }
}
"""
REOPEN = """
mutation($input: ReopenRequestInput!) { reopenRequest(input: $input) { userErrors { code } } }
"""


@pytest.fixture
async def filed(client: GraphQLClient, staff: GraphQLClient) -> dict[str, Any]:
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"], "description": "Okul önündeki çukur."}})
    ticket = (await staff.data(FIND, {"text": submitted["reference"]}))["tickets"]["edges"][0]["node"]
    return {"reference": submitted["reference"], "secret": submitted["secret"], "ticket": ticket}


async def resolve(staff: GraphQLClient, ticket: dict[str, Any]) -> None:
    found = (await staff.data(FIND, {"text": ticket["reference"]}))["tickets"]["edges"][0]["node"]
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": found["id"], "status": "RESOLVED", "reason": "Onarıldı.", "expectedVersion": found["version"]}})


async def answer(client: GraphQLClient, filed: dict[str, Any], score: int, comment: str | None = None) -> Any:
    variables = {"input": {"reference": filed["reference"], "secret": filed["secret"], "score": score, "comment": comment}}
    return (await client.data(ANSWER, variables))["answerSatisfaction"]


def codes(payload: dict[str, Any]) -> list[str]:
    return [e["code"] for e in payload["userErrors"]]


async def test_an_open_request_is_not_asked_and_an_answer_is_refused(
    client: GraphQLClient, filed: dict[str, Any], engine: AsyncEngine
) -> None:
    tracked = (await client.data(TRACK, {"r": filed["reference"], "s": filed["secret"]}))["trackRequest"]
    assert tracked == {"canAnswerSatisfaction": False, "canReopen": False, "satisfaction": None}
    before = await database_snapshot(engine)
    assert codes(await answer(client, filed, 5)) == ["INVALID_TRANSITION"]
    assert await database_snapshot(engine) == before


async def test_the_citizen_rates_a_resolved_request_once_and_staff_see_it(
    client: GraphQLClient, staff: GraphQLClient, filed: dict[str, Any]
) -> None:
    await resolve(staff, filed["ticket"])
    tracked = (await client.data(TRACK, {"r": filed["reference"], "s": filed["secret"]}))["trackRequest"]
    assert tracked["canAnswerSatisfaction"] is True and tracked["canReopen"] is True
    payload = await answer(client, filed, 4, "  Hızlıydı, teşekkürler.  ")
    assert payload["userErrors"] == []
    assert payload["request"]["satisfaction"] == {"score": 4, "comment": "Hızlıydı, teşekkürler."}
    assert payload["request"]["canAnswerSatisfaction"] is False
    assert codes(await answer(client, filed, 1)) == ["INVALID_TRANSITION"]
    ticket = (await staff.data(STAFF_VIEW, {"id": filed["ticket"]["id"]}))["node"]
    assert ticket["satisfaction"]["score"] == 4
    last = ticket["timeline"]["edges"][-1]["node"]
    assert last == {"type": "SATISFACTION_ANSWERED", "public": False, "message": "Hızlıydı, teşekkürler."}


async def test_a_reopened_request_resolved_again_is_asked_again(
    client: GraphQLClient, staff: GraphQLClient, filed: dict[str, Any]
) -> None:
    await resolve(staff, filed["ticket"])
    assert (await answer(client, filed, 2))["userErrors"] == []
    reopened = await client.data(REOPEN, {"input": {
        "reference": filed["reference"], "secret": filed["secret"], "reason": "Yine bozuldu."}})
    assert reopened["reopenRequest"]["userErrors"] == []
    await resolve(staff, filed["ticket"])
    payload = await answer(client, filed, 5)
    assert payload["userErrors"] == [] and payload["request"]["satisfaction"]["score"] == 5


@pytest.mark.parametrize("score", [0, 6, -1])
async def test_a_score_outside_one_to_five_is_refused(
    client: GraphQLClient, staff: GraphQLClient, filed: dict[str, Any], score: int
) -> None:
    await resolve(staff, filed["ticket"])
    payload = await answer(client, filed, score)
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "score"], "INVALID")]


async def test_a_wrong_secret_is_not_found(client: GraphQLClient, staff: GraphQLClient, filed: dict[str, Any]) -> None:
    await resolve(staff, filed["ticket"])
    assert codes(await answer(client, {**filed, "secret": "x" * 32}, 5)) == ["NOT_FOUND"]
