"""Hostile uploads through the API: refused as files, checked off the event loop, a few at a time."""

import asyncio
import json
import threading
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path
from tempfile import SpooledTemporaryFile
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import UploadFile

from cozum.app import create_app
from cozum.attachments import checks, slots
from cozum.attachments.checks import check_file
from cozum.config import Settings
from tests.attachments import media
from tests.attachments.helpers import File, photos, table_count, upload
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

SUBMIT = """
mutation($input: SubmitRequestInput!) {
  submitRequest(input: $input) { reference userErrors { field code message } }
}
"""


async def submit(client: GraphQLClient, files: dict[str, File]) -> dict[str, Any]:
    categories = await category_ids(client)
    input_ = {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.", "attachments": [None] * len(files)}
    payload: dict[str, Any] = (await upload(client, SUBMIT, {"input": input_}, files))["submitRequest"]
    return payload


def video(data: bytes) -> dict[str, File]:
    return {"input.attachments.0": ("clip.mp4", data, "video/mp4")}


def errors(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_deeply_nested_video_is_an_unsupported_file_not_an_error(client: GraphQLClient, engine: AsyncEngine) -> None:
    nested = media.full(b"mvhd", bytes(96)) + media.track()
    for _ in range(5000):
        nested = media.box(b"moov", nested)
    assert len(nested) < 45_000
    payload = await submit(client, video(media.FTYP + nested))
    assert errors(payload) == [(["input", "attachments", "0"], "UNSUPPORTED_FILE")]
    assert await table_count(engine, "tickets") == 0


@pytest.fixture
async def small_video_limit(database_url: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    limits = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DATA_DIR=tmp_path, COZUM_MAX_VIDEO_BYTES=300_000)
    app = create_app(database_url, limits)
    async with http_client(app) as http:
        yield GraphQLClient(http)
    await app.state.engine.dispose()


async def test_a_flood_of_empty_boxes_is_refused_by_the_box_cap(
    small_video_limit: GraphQLClient, engine: AsyncEngine
) -> None:
    # The review's 50 MB of 8-byte boxes, scaled to this limit: the walk stops at MAX_BOXES.
    flood = media.mp4(top_extra=b"\x00\x00\x00\x08free" * 30_000)
    assert 240_000 < len(flood) < 300_000
    payload = await submit(small_video_limit, video(flood))
    assert errors(payload) == [(["input", "attachments", "0"], "UNSUPPORTED_FILE")]
    assert await table_count(engine, "tickets") == 0


async def test_a_video_is_checked_in_a_worker_thread(client: GraphQLClient, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    clean = checks.clean_mp4

    def watched(data: bytearray) -> None:
        threads.append(threading.current_thread())
        clean(data)

    monkeypatch.setattr(checks, "clean_mp4", watched)
    assert errors(await submit(client, video(media.mp4()))) == []
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


async def test_when_every_slot_is_taken_an_upload_waits_a_while_then_hears_the_server_is_busy(
    client: GraphQLClient, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(slots, "WAIT_SECONDS", 0.05)
    semaphore = slots.slots()
    for _ in range(slots.AT_ONCE):
        await semaphore.acquire()
    try:
        busy = await submit(client, photos(media.jpeg()))
    finally:
        for _ in range(slots.AT_ONCE):
            semaphore.release()
    assert errors(busy) == [(["input", "attachments", "0"], "TOO_MANY_ATTEMPTS")]
    assert "try again" in busy["userErrors"][0]["message"]
    assert await table_count(engine, "tickets") == 0
    assert errors(await submit(client, photos(media.jpeg()))) == []


async def test_a_cancelled_check_keeps_its_slot_until_its_thread_has_finished() -> None:
    semaphore = slots.slots()
    for _ in range(slots.AT_ONCE - 1):
        await semaphore.acquire()
    started, finish = threading.Event(), threading.Event()

    def work(_: object) -> None:
        started.set()
        finish.wait(10)

    async def read() -> None:
        return None

    try:
        check = asyncio.create_task(slots.run_in_slot(read, work))
        assert await asyncio.to_thread(started.wait, 10)
        check.cancel()
        with pytest.raises(asyncio.CancelledError):
            await check
        assert semaphore.locked()  # the thread still decodes: its slot is not free
        finish.set()
        async with asyncio.timeout(10):
            await semaphore.acquire()  # given back once the thread is done
        semaphore.release()
    finally:
        finish.set()
        for _ in range(slots.AT_ONCE - 1):
            semaphore.release()


async def test_one_file_mapped_to_two_attachments_is_refused(client: GraphQLClient, engine: AsyncEngine) -> None:
    categories = await category_ids(client)
    input_ = {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.", "attachments": [None, None]}
    form = {
        "operations": json.dumps({"query": SUBMIT, "variables": {"input": input_}}),
        "map": json.dumps({"0": ["variables.input.attachments.0", "variables.input.attachments.1"]}),
    }
    response = await client.http.post("/graphql", data=form, files=[("0", ("a.jpg", media.jpeg(), "image/jpeg"))])
    payload = response.json()["data"]["submitRequest"]
    assert errors(payload) == [(["input", "attachments", "1"], "INVALID")]
    assert await table_count(engine, "tickets") == 0


async def test_a_video_is_held_in_memory_once(settings: Settings) -> None:
    data = media.mp4(padding=4 * 1024 * 1024)
    with SpooledTemporaryFile(max_size=1024 * 1024) as spooled:  # as Starlette keeps an upload
        spooled.write(data)
        spooled.seek(0)
        file = UploadFile(spooled, filename="clip.mp4", size=len(data))
        tracemalloc.start()
        try:
            checked = await check_file(file, settings, ["input", "file"])
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert len(checked.data) == len(data) and media.LOCATION_TEXT not in checked.data
    assert peak < 1.3 * len(data)  # one buffer, read and cleaned in place: no copies of it
