"""The webhook's door: the handshake, and what an event call must be to be stored."""

import json

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.app import create_app
from cozum.config import Settings
from cozum.whatsapp.routes import signature_of
from tests.conftest import count_rows, http_client
from tests.whatsapp.helpers import APP_SECRET, VERIFY_TOKEN, fixture, post

HANDSHAKE = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}


async def test_the_handshake_echoes_the_challenge_for_the_right_token_only(http: httpx.AsyncClient) -> None:
    right = await http.get("/webhooks/whatsapp", params={**HANDSHAKE, "hub.verify_token": VERIFY_TOKEN})
    assert right.status_code == 200
    assert right.text == "1158201444" and right.headers["content-type"].startswith("text/plain")
    for params in (
        {**HANDSHAKE, "hub.verify_token": VERIFY_TOKEN + "x"},
        {**HANDSHAKE, "hub.verify_token": ""},
        {"hub.challenge": "1", "hub.verify_token": VERIFY_TOKEN},  # no mode
        {**HANDSHAKE, "hub.mode": "unsubscribe", "hub.verify_token": VERIFY_TOKEN},
        {**HANDSHAKE, "hub.verify_token": "ç\udcff"[:1]},
    ):
        refused = await http.get("/webhooks/whatsapp", params=params)
        assert refused.status_code == 403, params
        assert "1158201444" not in refused.text


async def test_a_signed_call_is_stored_as_it_came_and_answered_at_once(http: httpx.AsyncClient, db: AsyncSession) -> None:
    body = json.dumps(fixture("text"), indent=1).encode()  # the exact bytes, not a re-encoding
    response = await post(http, body)
    assert response.status_code == 200 and response.json() == {"received": True}
    stored = (await db.execute(text("SELECT source, body, status FROM inbound_events"))).all()
    assert [(s, bytes(b), st) for s, b, st in stored] == [("whatsapp", body, "PENDING")]


@pytest.mark.parametrize(("signature", "status"), [
    (None, 401),
    ("sha256=" + "0" * 64, 403),
    ("sha1=abc", 403),
    ("", 403),
    ("sha256=" + "Z" * 64, 403),
])
async def test_a_missing_or_wrong_signature_stores_nothing(
    http: httpx.AsyncClient, db: AsyncSession, signature: str | None, status: int
) -> None:
    body = json.dumps(fixture("image")).encode()
    if signature is None:
        response = await post(http, body, secret=None)
    else:
        response = await post(http, body, signature=signature)
    assert response.status_code == status, response.text
    assert await count_rows(db, "inbound_events") == 0


async def test_a_signature_made_with_another_secret_or_over_other_bytes_is_refused(
    http: httpx.AsyncClient, db: AsyncSession
) -> None:
    body = json.dumps(fixture("text")).encode()
    assert (await post(http, body, secret="another-secret")).status_code == 403
    assert (await post(http, body + b" ", signature=signature_of(APP_SECRET, body))).status_code == 403
    assert await count_rows(db, "inbound_events") == 0


async def test_too_large_or_not_a_json_object_is_refused(
    http: httpx.AsyncClient, db: AsyncSession, settings: Settings
) -> None:
    huge = json.dumps({"object": "whatsapp_business_account", "pad": "x" * settings.whatsapp_max_body_bytes}).encode()
    assert (await post(http, huge)).status_code == 413

    async def chunks() -> object:  # no Content-Length at all: counted as it arrives
        for _ in range(settings.whatsapp_max_body_bytes // 1024 + 2):
            yield b" " * 1024

    streamed = await http.post("/webhooks/whatsapp", content=chunks(),  # type: ignore[arg-type]
                               headers={"x-hub-signature-256": signature_of(APP_SECRET, b"")})
    assert streamed.status_code == 413
    for body in (b"{\"object\": ", b"[1, 2]", b"\"text\"", b"\xff\xfe", b"", b"[" * 100_000):
        assert (await post(http, body)).status_code == 400, body[:20]
    assert await count_rows(db, "inbound_events") == 0


async def test_without_an_app_secret_no_call_is_taken(database_url: str, settings: Settings, db: AsyncSession) -> None:
    app = create_app(database_url, settings.model_copy(update={"whatsapp_app_secret": None}))
    async with http_client(app) as http:
        response = await post(http, fixture("text"))
        unsigned = await post(http, fixture("text"), secret=None)
    await app.state.engine.dispose()
    assert response.status_code == unsigned.status_code == 503
    assert await count_rows(db, "inbound_events") == 0
