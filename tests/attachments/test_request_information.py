"""The citizen adds a message or photos on the tracking page, by reference and secret."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.attachments import media
from tests.attachments.helpers import photos, table_count, upload
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, serving, subscribe
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CHANGE_STATUS, FIND, SUBMIT

ADD_INFORMATION = """
mutation($input: AddRequestInformationInput!) {
  addRequestInformation(input: $input) {
    request { status timeline { type message } attachments { kind contentType } }
    retryAfter userErrors { field code message }
  }
}
"""

TRACK = """
query($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) { timeline { type message } attachments { kind } }
}
"""

STATUS = """subscription($reference: String!, $secret: String!) {
  requestStatus(reference: $reference, secret: $secret) { timeline { type message } attachments { kind url } }
}"""


@pytest.fixture
async def request_(client: GraphQLClient) -> dict[str, str]:
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"], "description": "Okul önündeki çukur."}})
    return {"reference": submitted["reference"], "secret": submitted["secret"]}


async def add_information(
    client: GraphQLClient, request: dict[str, str], message: str | None, *files: bytes
) -> dict[str, Any]:
    variables = {"input": {**request, "message": message, "attachments": [None] * len(files) if files else None}}
    if not files:
        return dict((await client.data(ADD_INFORMATION, variables))["addRequestInformation"])
    return dict((await upload(client, ADD_INFORMATION, variables, photos(*files)))["addRequestInformation"])


def errors(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_message_and_a_photo_show_on_the_tracking_page(
    client: GraphQLClient, request_: dict[str, str]
) -> None:
    payload = await add_information(client, request_, "  Çukur büyüdü, bir araba zarar gördü.  ", media.jpeg())
    assert payload["userErrors"] == []
    assert payload["request"]["attachments"] == [{"kind": "PHOTO", "contentType": "image/jpeg"}]
    tracked = (await client.data(TRACK, request_))["trackRequest"]
    assert tracked["timeline"][1:] == [
        {"type": "CITIZEN_MESSAGE", "message": "Çukur büyüdü, bir araba zarar gördü."},
        {"type": "ATTACHMENT_ADDED", "message": None},
    ]
    assert tracked["attachments"] == [{"kind": "PHOTO"}]


async def test_a_message_alone_is_enough(client: GraphQLClient, request_: dict[str, str]) -> None:
    payload = await add_information(client, request_, "Gece sokak lambası da yanmıyor.")
    assert payload["userErrors"] == [] and payload["request"]["attachments"] == []
    assert payload["request"]["timeline"][-1]["type"] == "CITIZEN_MESSAGE"


async def test_something_must_be_added(client: GraphQLClient, request_: dict[str, str]) -> None:
    assert errors(await add_information(client, request_, "   ")) == [(["input", "message"], "REQUIRED")]
    too_long = await add_information(client, request_, "x" * 2001)
    assert errors(too_long) == [(["input", "message"], "TOO_LONG")]


async def test_a_wrong_secret_is_answered_like_an_unknown_reference(
    client: GraphQLClient, request_: dict[str, str], engine: AsyncEngine
) -> None:
    wrong = await add_information(client, {**request_, "secret": "x" * 24}, "Merhaba", media.jpeg())
    unknown = await add_information(client, {"reference": "TST-2026-999999", "secret": "x" * 24}, "Merhaba")
    assert wrong == unknown and errors(wrong) == [(["input"], "NOT_FOUND")]
    assert await table_count(engine, "attachments") == 0


async def test_a_closed_request_must_be_reopened_first(
    client: GraphQLClient, staff: GraphQLClient, request_: dict[str, str], engine: AsyncEngine
) -> None:
    ticket = (await staff.data(FIND, {"text": request_["reference"]}))["tickets"]["edges"][0]["node"]
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "reason": "Onarıldı.", "expectedVersion": ticket["version"]}})
    before = await database_snapshot(engine)
    payload = await add_information(client, request_, "Hâlâ çukur var.", media.jpeg())
    assert errors(payload) == [(["input"], "INVALID_TRANSITION")] and "reopen" in payload["userErrors"][0]["message"]
    assert await database_snapshot(engine) == before


async def test_six_photos_are_refused_before_anything_is_written(
    client: GraphQLClient, request_: dict[str, str], engine: AsyncEngine
) -> None:
    before = await database_snapshot(engine)
    payload = await add_information(client, request_, "Fotoğraflar", *[media.jpeg()] * 6)
    assert errors(payload) == [(["input", "attachments", "5"], "TOO_MANY_FILES")]
    assert await database_snapshot(engine) == before


async def test_adding_again_and_again_stays_within_five_photos_in_all(
    client: GraphQLClient, request_: dict[str, str], engine: AsyncEngine
) -> None:
    assert errors(await add_information(client, request_, "İlk üç", *[media.jpeg()] * 3)) == []
    before = await database_snapshot(engine)
    payload = await add_information(client, request_, "Üç daha", *[media.jpeg()] * 3)
    assert errors(payload) == [(["input", "attachments"], "TOO_MANY_FILES")]
    assert await database_snapshot(engine) == before
    assert errors(await add_information(client, request_, "Son iki", *[media.jpeg()] * 2)) == []


async def test_one_video_in_all_and_photos_besides(
    client: GraphQLClient, request_: dict[str, str], engine: AsyncEngine
) -> None:
    assert errors(await add_information(client, request_, "Video", media.mp4())) == []
    before = await database_snapshot(engine)
    again = await add_information(client, request_, "Bir video daha", media.mp4())
    assert errors(again) == [(["input", "attachments"], "TOO_MANY_FILES")]
    assert await database_snapshot(engine) == before
    assert errors(await add_information(client, request_, "Fotoğraf", *[media.jpeg()] * 5)) == []


async def test_a_wrong_secret_is_refused_before_any_photo_is_decoded(
    client: GraphQLClient, request_: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cozum.attachments import checks

    decoded: list[bytes] = []
    monkeypatch.setattr(checks, "process_photo", lambda data: decoded.append(data))
    payload = await add_information(client, {**request_, "secret": "x" * 32}, "Yanlış", media.jpeg())
    assert errors(payload) == [(["input"], "NOT_FOUND")] and decoded == []


@pytest.fixture
async def live(app: Any) -> AsyncIterator[str]:
    async with serving(app) as base:
        yield base


async def test_the_tracking_page_hears_the_citizens_message_live(
    live: str, app: Any, client: GraphQLClient, request_: dict[str, str]
) -> None:
    await caught_up(app.state.hub)
    async with subscribe(live, STATUS, request_) as events:
        first = (await events.next())["data"]["requestStatus"]
        assert [e["type"] for e in first["timeline"]] == ["CREATED"]
        await add_information(client, request_, "Yanına bir de tabela düştü.", media.jpeg())
        update = (await events.next())["data"]["requestStatus"]
    assert {"type": "CITIZEN_MESSAGE", "message": "Yanına bir de tabela düştü."} in update["timeline"]
    assert [a["kind"] for a in update["attachments"]] == ["PHOTO"]
