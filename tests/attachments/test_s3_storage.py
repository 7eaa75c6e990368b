"""The S3 implementation against a local S3-speaking server (moto's), not a mock of boto3."""

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image

from cozum.app import create_app
from cozum.attachments.storage import S3Storage, storage_for
from cozum.config import Settings
from tests.attachments import media
from tests.attachments.helpers import attachment_rows, photos, upload
from tests.attachments.pdf_ogg import pdf
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import free_port
from tests.tickets.helpers import category_ids

BUCKET = "cozum-test"


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A local S3 endpoint holding an empty bucket; its URL."""
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "eu-central-1"}.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="eu-central-1").create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    yield endpoint
    httpx.post(f"{endpoint}/moto-api/reset")  # moto keeps its buckets per process, not per server
    server.stop()


async def test_put_get_url_and_delete(s3: str) -> None:
    storage = S3Storage(BUCKET, s3, "eu-central-1")
    data, key = media.jpeg(), "2026/12/" + "a" * 32 + ".jpg"
    await storage.put(key, data, "image/jpeg")
    assert await storage.get(key) == data
    url = storage.url(key, 3600)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=3600" in url
    async with httpx.AsyncClient() as http:
        fetched = await http.get(url)
        assert fetched.status_code == 200 and fetched.content == data
        assert fetched.headers["content-type"] == "image/jpeg"
        unsigned = await http.get(url.split("?")[0])
        assert unsigned.status_code == 403
        await storage.delete(key)
        assert (await http.get(url)).status_code == 404


async def test_a_pdf_in_the_bucket_is_served_as_a_download(s3: str) -> None:
    storage = S3Storage(BUCKET, s3, "eu-central-1")
    data, key = pdf(), "2026/12/" + "b" * 32 + ".pdf"
    await storage.put(key, data, "application/pdf")
    async with httpx.AsyncClient() as http:
        fetched = await http.get(storage.url(key, 3600))
    assert fetched.status_code == 200 and fetched.content == data
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"] == f'attachment; filename="{"b" * 32}.pdf"'


@pytest.fixture
async def s3_client(database_url: str, tmp_path: Path, s3: str) -> Any:
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DATA_DIR=tmp_path,
                        COZUM_STORAGE="s3", COZUM_S3_BUCKET=BUCKET, COZUM_S3_ENDPOINT_URL=s3)
    assert isinstance(storage_for(settings), S3Storage)
    app = create_app(database_url, settings)
    async with http_client(app) as http:
        yield GraphQLClient(http)
    await app.state.engine.dispose()


async def test_a_citizens_photo_goes_to_the_bucket_clean(
    s3_client: GraphQLClient, s3: str, engine: Any, tmp_path: Path
) -> None:
    categories = await category_ids(s3_client)
    variables = {"input": {"categoryId": categories["ROAD_POTHOLE"], "description": "Çukur.", "attachments": [None]}}
    payload = (await upload(s3_client, """
        mutation($input: SubmitRequestInput!) { submitRequest(input: $input) { reference secret userErrors { code } } }
    """, variables, photos(media.jpeg(gps=media.ELBISTAN))))["submitRequest"]
    tracked = await s3_client.data("""
        query($reference: String!, $secret: String!) {
          trackRequest(reference: $reference, secret: $secret) { attachments { url thumbnailUrl } }
        }""", {"reference": payload["reference"], "secret": payload["secret"]})
    [attachment] = tracked["trackRequest"]["attachments"]
    async with httpx.AsyncClient() as http:
        for url in (attachment["url"], attachment["thumbnailUrl"]):
            fetched = await http.get(url)
            assert fetched.status_code == 200
            stored = Image.open(io.BytesIO(fetched.content))
            assert stored.format == "JPEG" and len(stored.getexif()) == 0
    [row] = await attachment_rows(engine)
    assert attachment["url"].startswith(f"{s3}/{BUCKET}/")
    policy = (await s3_client.http.get("/healthz")).headers["content-security-policy"]
    assert f"img-src 'self' data: {s3};" in policy and f"media-src 'self' {s3};" in policy
    assert row["storage_key"] in attachment["url"] and not (tmp_path / "files").exists()
