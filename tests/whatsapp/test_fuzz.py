"""Hostile notifications that pass the door (signed, a JSON object) reach the processor: each
is processed or stored-and-ignored, never left failing with an error of ours."""

from collections.abc import AsyncIterator

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.whatsapp.processor import Processor
from tests.fuzz import bodies
from tests.whatsapp.helpers import Watcher, fixture, message_of, post

EXAMPLES = 40
_TRUNCATED = st.builds(lambda payload, cut: payload[:cut], st.sampled_from(
    [p.read_bytes() for p in sorted(bodies.WHATSAPP_FIXTURES.glob("*.json"))]), st.integers(0, 1200))
_UNKNOWN_TYPES = st.sampled_from(["sticker", "reaction", "interactive", "button", "contacts", "unsupported", "ÿ", ""])


def _unknown_type(kind: str) -> dict[str, object]:
    payload = fixture("video")
    message = message_of(payload)
    message["type"] = kind
    message[kind] = {"emoji": "👍", "message_id": "wamid.x"}
    return payload


@pytest.fixture
async def stopped(database_url: str, settings: Settings) -> AsyncIterator[Processor]:
    """A processor not started: the test claims and works on each call itself."""
    processor = Processor.for_database(database_url, settings, on_done=Watcher())
    yield processor
    await processor.graph.close()
    assert processor._engine is not None
    await processor._engine.dispose()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
async def test_a_hostile_notification_is_refused_or_processed_without_error(
    http: httpx.AsyncClient, engine: AsyncEngine, stopped: Processor, data: st.DataObject
) -> None:
    body = data.draw(st.one_of(
        bodies.whatsapp_requests.map(lambda r: r.content), _TRUNCATED, _UNKNOWN_TYPES.map(_unknown_type),
    ), label="body")
    response = await post(http, body)
    assert response.status_code in (200, 400, 413), response.text
    if response.status_code != 200:
        return
    for item in await stopped.claim(10):
        await stopped.work(item)
    async with engine.connect() as connection:
        left = (await connection.execute(text(
            "SELECT id, status, last_error FROM inbound_events WHERE status NOT IN ('PROCESSED', 'IGNORED')"
        ))).all()
    assert left == [], left
