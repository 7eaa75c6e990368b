"""Where attachment files live: one interface, on local disk by default or in an S3 bucket.

Keys are ours (`2026/12/<uuid>.jpg`), never a name a user sent. Reading a file is by a signed
URL that expires: `/files/<token>` served by routes.py for local files, a presigned GET for S3.
"""

import asyncio
import logging
import os
import re
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from cozum.attachments import tokens
from cozum.config import Settings
from cozum.kit.time import ISTANBUL, utcnow

logger = logging.getLogger(__name__)

# What new_key() makes, and all the local route will ever open.
KEY_PATTERN = re.compile(r"^\d{4}/\d{2}/[0-9a-f]{32}(\.thumb)?\.(jpg|png|webp|mp4|pdf|ogg|m4a|mp3|aac|amr)$")
# What each extension is served as: the type its checks found (checks.py), never one sent to us.
CONTENT_TYPES = {
    "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "mp4": "video/mp4", "pdf": "application/pdf",
    "ogg": "audio/ogg", "m4a": "audio/mp4", "mp3": "audio/mpeg", "aac": "audio/aac", "amr": "audio/amr",
}


class Storage(Protocol):
    async def put(self, key: str, data: bytes | bytearray, content_type: str) -> None: ...

    async def get(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...

    def url(self, key: str, expires_seconds: int) -> str: ...


def new_key(extension: str) -> str:
    """A fresh key under the year and month (Istanbul time), so a folder never grows without end."""
    return f"{utcnow().astimezone(ISTANBUL):%Y/%m}/{uuid.uuid4().hex}.{extension}"


def disposition(key: str) -> str:
    """A PDF is downloaded, never shown in a page of ours, and named after its key (hex digits
    only, so nothing a citizen wrote reaches the header); pictures and sound play inline."""
    if key.endswith(".pdf"):
        return f'attachment; filename="{key.rsplit("/", 1)[-1]}"'
    return "inline"


def thumbnail_key(key: str) -> str:
    return key.rsplit(".", 1)[0] + ".thumb.jpg"


class LocalStorage:
    def __init__(self, root: Path, secret_key: str) -> None:
        self.root = root.resolve()
        self.secret_key = secret_key

    def path(self, key: str) -> Path:
        """The file's path; ValueError for a key that is not one of ours or lies outside the root."""
        if not KEY_PATTERN.match(key):
            raise ValueError(f"Not a storage key: {key!r}")
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root):
            raise ValueError(f"Outside the storage folder: {key!r}")
        return path

    def _write(self, key: str, data: bytes | bytearray) -> None:
        path = self.path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written under another name and renamed: a reader never sees half a file.
        partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.part")
        partial.write_bytes(data)
        os.replace(partial, path)

    async def put(self, key: str, data: bytes | bytearray, content_type: str) -> None:
        await asyncio.to_thread(self._write, key, data)

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self.path(key).read_bytes)

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    def url(self, key: str, expires_seconds: int) -> str:
        return f"/files/{tokens.sign(self.secret_key, key, expires_seconds)}"


class S3Storage:
    """Any S3-speaking store (AWS, MinIO, Ceph…); credentials come from boto3's usual places
    (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role)."""

    def __init__(self, bucket: str, endpoint_url: str | None, region: str) -> None:
        import boto3
        from botocore.config import Config

        # Self-hosted stores are addressed by path: their buckets have no DNS names of their own.
        config = Config(signature_version="s3v4", s3={"addressing_style": "path" if endpoint_url else "auto"})
        self.bucket = bucket
        self.client: Any = boto3.client("s3", endpoint_url=endpoint_url, region_name=region, config=config)

    async def put(self, key: str, data: bytes | bytearray, content_type: str) -> None:
        # boto3 blocks: each call in a thread, so the event loop keeps serving meanwhile.
        await asyncio.to_thread(
            self.client.put_object, Bucket=self.bucket, Key=key, Body=data, ContentType=content_type,
            ContentDisposition=disposition(key),
        )

    async def get(self, key: str) -> bytes:
        response = await asyncio.to_thread(self.client.get_object, Bucket=self.bucket, Key=key)
        body: bytes = await asyncio.to_thread(response["Body"].read)
        return body

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=key)

    def url(self, key: str, expires_seconds: int) -> str:
        # Signed locally, no request to the store.
        url: str = self.client.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires_seconds
        )
        return url


@lru_cache(maxsize=8)
def _build(kind: str, root: Path, secret_key: str, bucket: str, endpoint_url: str | None, region: str) -> Storage:
    if kind == "s3":
        return S3Storage(bucket, endpoint_url, region)
    return LocalStorage(root, secret_key)


def storage_for(settings: Settings) -> Storage:
    """The storage the settings choose, built once per configuration (an S3 client is costly)."""
    return _build(
        settings.storage, settings.data_dir / "files", settings.secret_key,
        settings.s3_bucket, settings.s3_endpoint_url, settings.s3_region,
    )


def file_origin(settings: Settings) -> str | None:
    """Where browsers fetch attachments from when not from this server (S3's presigned URLs),
    for the pages' Content-Security-Policy; None for local files."""
    if settings.storage != "s3":
        return None
    if settings.s3_endpoint_url:  # addressed by path (see S3Storage): the endpoint is the origin
        parts = urlsplit(settings.s3_endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    from botocore.exceptions import BotoCoreError

    try:  # AWS: the host boto3 signs for, bucket and region in it
        parts = urlsplit(storage_for(settings).url(new_key("jpg"), 60))
    except BotoCoreError as error:  # no credentials at start-up, say: any bucket of AWS S3
        logger.warning("Could not presign a URL to learn the object store's origin: %s", error)
        return "https://*.amazonaws.com"
    return f"{parts.scheme}://{parts.netloc}"
