"""GET /files/<token>: the signed URL opens the stored file, and nothing else opens anything."""

import time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.attachments import tokens
from cozum.config import Settings
from tests.attachments import media
from tests.attachments.helpers import attachment_rows, photos, upload
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids

SUBMIT = """
mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { reference secret userErrors { code } } }
"""
TRACK = """
query($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) { attachments { contentType url thumbnailUrl } }
}
"""


async def submitted(client: GraphQLClient, files: dict[str, Any]) -> list[dict[str, Any]]:
    categories = await category_ids(client)
    variables = {"input": {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.",
                           "attachments": [None] * len(files)}}
    payload = (await upload(client, SUBMIT, variables, files))["submitRequest"]
    tracked = await client.data(TRACK, {"reference": payload["reference"], "secret": payload["secret"]})
    attachments: list[dict[str, Any]] = tracked["trackRequest"]["attachments"]
    return attachments


async def test_a_photo_and_its_thumbnail_are_served_inline_and_unsniffable(
    client: GraphQLClient, http: httpx.AsyncClient, engine: AsyncEngine, settings: Settings
) -> None:
    [attachment] = await submitted(client, photos(media.jpeg(size=(1200, 900))))
    response = await http.get(attachment["url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["cache-control"].startswith("private, max-age=")
    assert 3000 < int(response.headers["cache-control"].split("max-age=")[1].split(",")[0]) <= 3600 + 600
    [row] = await attachment_rows(engine)
    assert response.content == (settings.data_dir / "files" / row["storage_key"]).read_bytes()
    thumbnail = await http.get(attachment["thumbnailUrl"])
    assert thumbnail.headers["content-type"] == "image/jpeg" and len(thumbnail.content) < len(response.content)


async def test_a_video_is_served_as_mp4_in_ranges(client: GraphQLClient, http: httpx.AsyncClient) -> None:
    [attachment] = await submitted(client, {"input.attachments.0": ("v.mp4", media.mp4(), "video/mp4")})
    assert attachment["thumbnailUrl"] is None
    response = await http.get(attachment["url"], headers={"Range": "bytes=0-7"})
    assert response.status_code == 206 and response.headers["content-type"] == "video/mp4"
    assert response.content[4:8] == b"ftyp"


async def test_a_tampered_token_is_not_found(client: GraphQLClient, http: httpx.AsyncClient) -> None:
    [attachment] = await submitted(client, photos(media.jpeg()))
    token = attachment["url"].removeprefix("/files/")
    key_part, expires, signature = token.split(".")
    later = f"{key_part}.{int(expires) + 600}.{signature}"
    for bad in (later, token[:-2], "nonsense", f"{key_part}..{signature}"):
        assert (await http.get(f"/files/{bad}")).status_code == 404, bad


async def test_an_expired_link_is_refused(
    client: GraphQLClient, http: httpx.AsyncClient, engine: AsyncEngine, settings: Settings
) -> None:
    await submitted(client, photos(media.jpeg()))
    [row] = await attachment_rows(engine)
    token = tokens.sign(settings.secret_key, row["storage_key"], 60, now=time.time() - 7200)
    response = await http.get(f"/files/{token}")
    assert response.status_code == 403 and "expired" in response.json()["errors"][0]["message"]


async def test_a_signed_path_outside_the_folder_is_never_opened(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    secret = settings.data_dir / "secret.txt"
    secret.write_text("not for the web")
    for key in ("../secret.txt", "/etc/passwd", "2026/12/../../secret.txt", "2026/12/" + "0" * 32 + ".jpg"):
        token = tokens.sign(settings.secret_key, key, 600)
        assert (await http.get(f"/files/{token}")).status_code == 404, key
