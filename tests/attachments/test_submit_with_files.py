"""A citizen's request with photos or a video: checked by content, limited, stored clean."""

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.attachments.storage import LocalStorage
from cozum.config import Settings
from tests.attachments import media
from tests.attachments.helpers import attachment_rows, photos, table_count, upload
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

SUBMIT = """
mutation($input: SubmitRequestInput!) {
  submitRequest(input: $input) { reference secret userErrors { field code message } }
}
"""

TRACK = """
query($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) {
    location { latitude longitude address }
    attachments { kind contentType url thumbnailUrl }
    timeline { type }
  }
}
"""


async def submit(client: GraphQLClient, files: dict[str, Any], **extra: Any) -> dict[str, Any]:
    categories = await category_ids(client)
    input_ = {"categoryId": categories["ROAD_POTHOLE"], "description": "Kaldırımda çukur var.",
              "attachments": [None] * len(files), **extra}
    payload: dict[str, Any] = (await upload(client, SUBMIT, {"input": input_}, files))["submitRequest"]
    return payload


def credentials(payload: dict[str, Any]) -> dict[str, str]:
    return {"reference": payload["reference"], "secret": payload["secret"]}


def errors(payload: dict[str, Any]) -> list[tuple[list[str], str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_photos_are_stored_without_exif_and_shown_on_the_tracking_page(
    client: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    payload = await submit(client, {"input.attachments.0": ("photo.jpg", media.jpeg(gps=media.ELBISTAN), "image/jpeg"),
                                    "input.attachments.1": ("a.png", media.png(), "image/png")})
    assert payload["userErrors"] == []
    rows = await attachment_rows(engine)
    assert [(r["kind"], r["content_type"]) for r in rows] == [("PHOTO", "image/jpeg"), ("PHOTO", "image/png")]
    storage = LocalStorage(settings.data_dir / "files", settings.secret_key)
    for row in rows:
        for key in (row["storage_key"], row["thumbnail_key"]):
            with Image.open(io.BytesIO(await storage.get(key))) as stored:
                assert len(stored.getexif()) == 0 and "exif" not in stored.info and "icc_profile" not in stored.info
    tracked = (await client.data(TRACK, credentials(payload)))["trackRequest"]
    assert [a["contentType"] for a in tracked["attachments"]] == ["image/jpeg", "image/png"]
    assert all(a["url"].startswith("/files/") and a["thumbnailUrl"] for a in tracked["attachments"])
    assert [e["type"] for e in tracked["timeline"]] == ["CREATED", "ATTACHMENT_ADDED", "ATTACHMENT_ADDED"]


async def test_a_photos_gps_becomes_the_location_when_none_was_given(
    client: GraphQLClient, engine: AsyncEngine
) -> None:
    payload = await submit(client, photos(media.jpeg(), media.jpeg(gps=media.ELBISTAN)))
    tracked = (await client.data(TRACK, credentials(payload)))
    location = tracked["trackRequest"]["location"]
    assert location["latitude"] == pytest.approx(media.ELBISTAN[0], abs=1e-4)
    assert location["longitude"] == pytest.approx(media.ELBISTAN[1], abs=1e-4)
    rows = await attachment_rows(engine)
    assert rows[0]["latitude"] is None and rows[1]["latitude"] == pytest.approx(media.ELBISTAN[0], abs=1e-4)


async def test_a_given_location_wins_and_gps_outside_the_area_is_ignored(client: GraphQLClient) -> None:
    given = await submit(client, photos(media.jpeg(gps=media.ELBISTAN)),
                         location={"address": "Cumhuriyet Cd. 5"})
    abroad = await submit(client, photos(media.jpeg(gps=(48.8566, 2.3522))))  # Paris
    for payload, expected in ((given, {"latitude": None, "longitude": None, "address": "Cumhuriyet Cd. 5"}),
                              (abroad, None)):
        tracked = await client.data(TRACK, credentials(payload))
        assert tracked["trackRequest"]["location"] == expected


async def test_a_file_claiming_to_be_a_jpeg_is_refused_and_nothing_is_stored(
    client: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    payload = await submit(client, photos(media.jpeg(), media.NOT_A_JPEG))
    assert errors(payload) == [(["input", "attachments", "1"], "UNSUPPORTED_FILE")]
    assert payload["reference"] is None
    assert await table_count(engine, "tickets") == 0 and await table_count(engine, "attachments") == 0
    assert not (settings.data_dir / "files").exists()


async def test_six_photos_are_too_many(client: GraphQLClient, engine: AsyncEngine) -> None:
    payload = await submit(client, photos(*[media.jpeg()] * 6))
    assert errors(payload) == [(["input", "attachments", "5"], "TOO_MANY_FILES")]
    assert await table_count(engine, "tickets") == 0


async def test_a_video_comes_alone(client: GraphQLClient, engine: AsyncEngine) -> None:
    files = photos(media.jpeg()) | {"input.attachments.1": ("clip.mp4", media.mp4(), "video/mp4")}
    payload = await submit(client, files)
    assert errors(payload) == [(["input", "attachments", "1"], "TOO_MANY_FILES")]
    assert await table_count(engine, "tickets") == 0


async def test_a_video_is_stored_as_mp4_without_its_location(
    client: GraphQLClient, engine: AsyncEngine, settings: Settings
) -> None:
    payload = await submit(client, {"input.attachments.0": ("clip.mov", media.mp4(), "application/octet-stream")})
    assert payload["userErrors"] == []
    [row] = await attachment_rows(engine)
    assert (row["kind"], row["content_type"], row["thumbnail_key"]) == ("VIDEO", "video/mp4", None)
    stored = (settings.data_dir / "files" / row["storage_key"]).read_bytes()
    assert len(stored) == len(media.mp4()) and media.LOCATION_TEXT not in stored and b"free" in stored


@pytest.fixture
async def small_limits(database_url: str, tmp_path: Path) -> Any:
    limits = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DATA_DIR=tmp_path,
                      COZUM_MAX_PHOTO_BYTES=20_000, COZUM_MAX_VIDEO_BYTES=30_000)
    app = create_app(database_url, limits)
    async with http_client(app) as http:
        yield GraphQLClient(http)
    await app.state.engine.dispose()


async def test_a_photo_over_its_limit_is_refused(small_limits: GraphQLClient, engine: AsyncEngine) -> None:
    payload = await submit(small_limits, photos(media.jpeg(), media.noisy_jpeg(25_000)))
    assert errors(payload) == [(["input", "attachments", "1"], "FILE_TOO_LARGE")]
    assert "MB" in payload["userErrors"][0]["message"]
    assert await table_count(engine, "tickets") == 0


async def test_a_video_over_its_limit_is_refused(small_limits: GraphQLClient, engine: AsyncEngine) -> None:
    within = await submit(small_limits, {"input.attachments.0": ("a.mp4", media.mp4(25_000), "video/mp4")})
    over = await submit(small_limits, {"input.attachments.0": ("b.mp4", media.mp4(40_000), "video/mp4")})
    assert within["userErrors"] == []
    assert errors(over) == [(["input", "attachments", "0"], "FILE_TOO_LARGE")]
    assert await table_count(engine, "tickets") == 1
