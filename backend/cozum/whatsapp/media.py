"""A message's media through the Graph API: its metadata by id, then its bytes, both with the
access token; the bytes must hash to the sha256 Meta gives.

Two kinds of failure: `GraphUnavailable` (Meta down or slow, throttling, a token being renewed),
which sends the whole webhook call back to be tried again later, and `MediaRefused` (the id is
unknown, the file is too large or does not hash right), which no retry can mend: the message
lands with the reason as its media problem.

The token goes only where Meta is: the configured Graph API (whatever its scheme, so a local
relay or test server works), and over https Meta's own hosts, where its media URLs point
(lookaside.fbsbx.com today). A media URL anywhere else is refused without a request, and no
redirect is followed, so a wrong or tampered answer cannot carry the token to another host.
"""

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx

from cozum.notifications.senders.http import RETRYABLE_STATUSES
from cozum.whatsapp.errors import GraphUnavailable, MediaRefused

ERROR_MAX = 300
META_HOSTS = ("fbsbx.com", "facebook.com", "fbcdn.net", "whatsapp.net")
# A token being renewed is an administrator's to fix; until then, tries go on.
_RETRYABLE = RETRYABLE_STATUSES | {401, 403}


@dataclass(frozen=True)
class Fetched:
    data: bytes
    mime_type: str | None
    sha256: str  # hex, of `data`


def _failed(what: str, response: httpx.Response) -> Exception:
    error = f"{what}: HTTP {response.status_code} {response.text.strip()[:ERROR_MAX]}"
    status = response.status_code
    return GraphUnavailable(error) if status >= 500 or status in _RETRYABLE else MediaRefused(error)


def expected_digest(value: str | None) -> bytes | None:
    """Meta's sha256 as bytes: base64 in its webhooks, hex in some answers."""
    if not value:
        return None
    text = value.strip()
    if len(text) == 64:
        try:
            return bytes.fromhex(text)
        except ValueError:
            pass
    try:
        digest = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return digest if len(digest) == 32 else None


class GraphClient:
    def __init__(self, graph_url: str, access_token: str | None, max_bytes: int, client: httpx.AsyncClient) -> None:
        self.graph_url = graph_url.rstrip("/")
        self._graph = httpx.URL(self.graph_url)
        self.headers = {"Authorization": f"Bearer {access_token}"} if access_token else {}
        self.max_bytes = max_bytes
        self.client = client

    async def fetch(self, media_id: str) -> Fetched:
        if not self.headers:
            raise GraphUnavailable("WHATSAPP_ACCESS_TOKEN is not set: media cannot be fetched")
        meta = await self._metadata(media_id)
        size = meta.get("file_size")
        if isinstance(size, int) and size > self.max_bytes:
            raise MediaRefused(f"the file is {size} bytes, more than any attachment may be")
        url = meta.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise MediaRefused("the Graph API gave no URL for the media")
        if not self.may_carry_token(url):
            raise MediaRefused(f"the media URL is on a host that is not Meta's ({url[:100]}): not fetched")
        data = await self._download(url)
        digest = hashlib.sha256(data).digest()
        expected = expected_digest(meta.get("sha256") if isinstance(meta.get("sha256"), str) else None)
        if expected is None or expected != digest:
            raise MediaRefused("the file does not match the sha256 the Graph API gave for it")
        mime = meta.get("mime_type")
        return Fetched(data, mime if isinstance(mime, str) else None, digest.hex())

    def may_carry_token(self, url: str) -> bool:
        try:
            target = httpx.URL(url)
        except httpx.InvalidURL:
            return False
        if target.userinfo:
            return False
        if (target.scheme, target.host, target.port) == (self._graph.scheme, self._graph.host, self._graph.port):
            return True
        host = target.host.lower()
        return target.scheme == "https" and any(host == d or host.endswith("." + d) for d in META_HOSTS)

    async def _metadata(self, media_id: str) -> dict[str, Any]:
        try:
            response = await self.client.get(f"{self.graph_url}/{media_id}", headers=self.headers)
        except httpx.HTTPError as error:
            raise GraphUnavailable(f"media metadata: {type(error).__name__}: {error}"[:ERROR_MAX]) from error
        if not response.is_success:
            raise _failed("media metadata", response)
        try:
            meta = response.json()
        except ValueError:
            raise GraphUnavailable("media metadata: not JSON") from None
        return meta if isinstance(meta, dict) else {}

    async def _download(self, url: str) -> bytes:
        data = bytearray()
        try:
            async with self.client.stream("GET", url, headers=self.headers) as response:
                if not response.is_success:
                    await response.aread()
                    raise _failed("media download", response)
                async for chunk in response.aiter_bytes():
                    data += chunk
                    if len(data) > self.max_bytes:
                        raise MediaRefused("the file is larger than any attachment may be")
        except httpx.HTTPError as error:
            raise GraphUnavailable(f"media download: {type(error).__name__}: {error}"[:ERROR_MAX]) from error
        return bytes(data)

    async def close(self) -> None:
        await self.client.aclose()
