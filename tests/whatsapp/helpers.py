"""Meta's calls as the tests make them: the fixtures, signed, and a processor to await."""

import asyncio
import contextlib
import copy
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.whatsapp.models import InboundStatus
from cozum.whatsapp.processor import Processor
from cozum.whatsapp.routes import PATH, signature_of

APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
FIXTURES = Path(__file__).with_name("fixtures")
WA_ID = "905321112233"
WAIT = 30.0
# The media the fixtures name, by id.
IMAGE_ID, VIDEO_ID, DOCUMENT_ID = "1498765432109876", "1523456789012345", "1587654321098765"
AUDIO_ID = "1612345678901234"  # a voice message's, for the payload voice() builds


def fixture(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return loaded


def value_of(payload: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = payload["entry"][0]["changes"][0]["value"]
    return found


def message_of(payload: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = value_of(payload)["messages"][0]
    return found


def variant(name: str, wamid: str, at: float | None = None, **changes: Any) -> dict[str, Any]:
    """A fixture as another message: its own wamid, sent at `at` (now by default)."""
    payload = copy.deepcopy(fixture(name))
    message = message_of(payload)
    message.update(id=wamid, timestamp=str(int(at if at is not None else time.time())), **changes)
    return payload


def voice(wamid: str, sha256: str, at: float | None = None) -> dict[str, Any]:
    """A voice message recorded in WhatsApp, in the shape Meta sends one: no caption, no name."""
    payload = variant("document", wamid, at)
    message = message_of(payload)
    del message["document"]
    message.update(type="audio", audio={"mime_type": "audio/ogg; codecs=opus", "sha256": sha256, "id": AUDIO_ID,
                                        "voice": True})
    return payload


async def post(http: httpx.AsyncClient, payload: Any, secret: str | None = APP_SECRET,
               signature: str | None = None) -> httpx.Response:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    headers = {"content-type": "application/json"}
    if signature is not None:
        headers["x-hub-signature-256"] = signature
    elif secret is not None:
        headers["x-hub-signature-256"] = signature_of(secret, body)
    return await http.post(PATH, content=body, headers=headers)


class Watcher:
    """A processor's finished calls, in order, to await."""

    def __init__(self) -> None:
        self.done: list[tuple[int, InboundStatus | None]] = []
        self._changed = asyncio.Event()

    def __call__(self, event_id: int, status: InboundStatus | None) -> None:
        self.done.append((event_id, status))
        self._changed.set()

    async def until(self, predicate: Callable[[], bool], within: float = WAIT) -> None:
        async with asyncio.timeout(within):
            self._changed.clear()
            while not predicate():
                await self._changed.wait()
                self._changed.clear()


@contextlib.asynccontextmanager
async def running_processor(
    database_url: str, settings: Settings, watcher: Watcher | None = None, **options: Any
) -> AsyncIterator[Watcher]:
    """A processor at work; give two the same watcher to await them together."""
    watcher = watcher or Watcher()
    processor = Processor.for_database(database_url, settings, on_done=watcher, **options)
    await processor.start()
    try:
        yield watcher
    finally:
        await processor.stop()


async def settled(engine: AsyncEngine, watcher: Watcher, within: float = WAIT) -> None:
    """Until no stored call is waiting (each finished, or back with a retry not yet due)."""
    async def pending() -> int:
        async with engine.connect() as connection:
            found = await connection.execute(text("SELECT count(*) FROM inbound_events WHERE status = 'PENDING'"))
            return int(found.scalar_one())

    async with asyncio.timeout(within):
        while True:
            seen = len(watcher.done)  # before the look: a call finished during it still counts
            if not await pending():
                return
            await watcher.until(lambda seen=seen: len(watcher.done) > seen)  # type: ignore[misc]


async def rows(engine: AsyncEngine, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        return [dict(r) for r in (await connection.execute(text(sql), params)).mappings()]


async def scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(sql), params)).scalar_one()
