"""Requests the HTTP parser itself refuses get a 400 with a JSON error too, over a real socket."""

import asyncio
import json

import pytest

from tests.edge.helpers import closed_by_server

HEAD = b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
FRAMINGS = {
    "both Content-Length and chunked": HEAD + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "a negative Content-Length": HEAD + b"Content-Length: -1\r\n\r\n",
    "two Content-Lengths": HEAD + b"Content-Length: 5\r\nContent-Length: 6000000\r\n\r\nxxxxx",
    "Transfer-Encoding identity": HEAD + b"Transfer-Encoding: identity\r\n\r\n{}",
    "a request line of garbage": b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n",
}


@pytest.mark.parametrize("request_bytes", FRAMINGS.values(), ids=FRAMINGS.keys())
async def test_a_request_that_is_not_valid_http_is_a_json_400(server: tuple[str, int], request_bytes: bytes) -> None:
    reader, writer = await asyncio.open_connection(*server)
    writer.write(request_bytes)
    answer = await closed_by_server(reader, wait=10)
    writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), answer
    assert b"content-type: application/json" in head.lower()
    error = json.loads(body)
    assert error["data"] is None and error["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
