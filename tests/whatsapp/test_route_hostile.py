"""The door against what a proxy, a tool or an attacker sends: the signature's spelling and
copies, compressed bodies nobody unpacks, and JSON at its edges."""

import gzip
import json

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.whatsapp.routes import PATH, signature_of
from tests.conftest import count_rows
from tests.whatsapp.helpers import APP_SECRET, fixture, post


async def _post(http: httpx.AsyncClient, body: bytes, headers: list[tuple[str, str]]) -> httpx.Response:
    return await http.post(PATH, content=body, headers=[("content-type", "application/json"), *headers])


async def test_the_signatures_spelling_and_a_copy_of_the_header(http: httpx.AsyncClient, db: AsyncSession) -> None:
    body = json.dumps(fixture("text")).encode()
    right = signature_of(APP_SECRET, body)
    shouted = "SHA256=" + right.removeprefix("sha256=").upper()
    assert (await _post(http, body, [("x-hub-signature-256", shouted)])).status_code == 200
    # A proxy's copy in front of Meta's: one of them is the body's, and that is enough.
    copied = [("x-hub-signature-256", "sha256=" + "0" * 64), ("x-hub-signature-256", right)]
    assert (await _post(http, body, copied)).status_code == 200
    wrong = [("x-hub-signature-256", "sha256=" + "0" * 64), ("x-hub-signature-256", "sha256=" + "1" * 64)]
    assert (await _post(http, body, wrong)).status_code == 403
    assert (await _post(http, body, [("x-hub-signature-256", right.removeprefix("sha256="))])).status_code == 403
    assert (await _post(http, body, [("x-hub-signature", right)])).status_code == 401  # the SHA-1 one's name
    assert await count_rows(db, "inbound_events") == 2


async def test_a_compressed_body_is_never_unpacked(http: httpx.AsyncClient, db: AsyncSession) -> None:
    bomb = gzip.compress(b"{" + b" " * 50_000_000 + b"}")  # 50 MB of JSON in ~50 kB
    signed = [("content-encoding", "gzip"), ("x-hub-signature-256", signature_of(APP_SECRET, bomb))]
    assert (await _post(http, bomb, signed)).status_code == 400  # the bytes as they came: not JSON
    assert await count_rows(db, "inbound_events") == 0


async def test_json_at_its_edges(http: httpx.AsyncClient, db: AsyncSession) -> None:
    accepted = [
        b"\xef\xbb\xbf" + json.dumps(fixture("text")).encode(),  # a byte-order mark
        b'{"object": "x", "object": "whatsapp_business_account"}',  # the last key wins, as everywhere
        b'{"object": "whatsapp_business_account", "n": 1e999999, "m": -0, "k": NaN}',
        b'{"a": ' + b"[" * 500 + b"]" * 500 + b"}",
    ]
    for body in accepted:
        assert (await post(http, body)).status_code == 200, body[:40]
    refused = [b'{"n": ' + b"9" * 5000 + b"}", b"\x00{}", b'{"a": 1}{"b": 2}', "{\"é\": 1}".encode("latin-1")]
    for body in refused:
        assert (await post(http, body)).status_code == 400, body[:40]
    assert await count_rows(db, "inbound_events") == len(accepted)
    stored = (await db.execute(text("SELECT body FROM inbound_events ORDER BY id"))).scalars().all()
    assert [bytes(b) for b in stored] == accepted
