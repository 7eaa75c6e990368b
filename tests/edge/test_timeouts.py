"""Slow clients: headers and bodies must arrive within their deadlines, over a real socket."""

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from cozum.app import create_app
from tests.edge.helpers import closed_by_server, plain, read_response, served

HEADERS_WITHIN, BODY_WITHIN = 0.5, 0.8


@pytest.fixture
async def server(database_url: str) -> AsyncIterator[tuple[str, int]]:
    settings = plain(COZUM_HEADER_TIMEOUT_SECONDS=HEADERS_WITHIN, COZUM_BODY_TIMEOUT_SECONDS=BODY_WITHIN)
    app = create_app(database_url, settings)
    async with served(app, settings) as address:
        yield address
    await app.state.engine.dispose()


async def trickle(writer: asyncio.StreamWriter, data: bytes, pause: float) -> None:
    """Sends `data` a byte at a time until the server closes the connection."""
    try:
        for byte in data:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(pause)
    except ConnectionError:
        pass


def code_of(answer: bytes) -> str:
    body = answer.split(b"\r\n\r\n", 1)[1]
    return str(json.loads(body)["errors"][0]["extensions"]["code"])


async def test_a_connection_that_sends_nothing_is_closed(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    answer = await closed_by_server(reader, wait=10)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 ") and code_of(answer) == "REQUEST_TIMEOUT"


async def test_headers_trickled_a_byte_at_a_time_are_cut_off(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    sending = asyncio.create_task(trickle(writer, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 1000, 0.05))
    answer = await closed_by_server(reader, wait=10)
    await sending
    writer.close()
    assert answer.startswith(b"HTTP/1.1 408 ")


async def test_the_next_request_on_a_kept_alive_connection_has_the_same_deadline(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    first, _, _ = await read_response(reader)
    sending = asyncio.create_task(trickle(writer, b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 1000, 0.05))
    answer = await closed_by_server(reader, wait=10)
    await sending
    writer.close()
    assert first == 200 and answer.startswith(b"HTTP/1.1 408 ")


async def test_headers_larger_than_64_kib_are_refused(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    try:
        for _ in range(100):
            writer.write(b"X-Padding: " + b"a" * 1000 + b"\r\n")
            await writer.drain()
    except ConnectionError:
        pass
    answer = await closed_by_server(reader, wait=10)
    writer.close()
    assert answer.startswith(b"HTTP/1.1 431 ")


async def test_a_body_trickled_a_byte_at_a_time_is_cut_off(server: tuple[str, int]) -> None:
    body = json.dumps({"query": "{ __typename }", "padding": "x" * 500}).encode()
    reader, writer = await asyncio.open_connection(*server)
    writer.write(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 + f"Content-Length: {len(body)}\r\n\r\n".encode())
    sending = asyncio.create_task(trickle(writer, body, 0.05))
    status, headers, answer = await read_response(reader)
    await sending
    writer.close()
    assert status == 408 and headers["connection"] == "close"
    assert json.loads(answer)["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"


async def test_a_prompt_client_is_served_over_the_same_server(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    body = b'{"query": "{ __typename }"}'
    for _ in range(2):  # keep-alive: the deadline is re-armed for the second request, and met
        writer.write(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        status, _, answer = await read_response(reader)
        assert status == 200 and json.loads(answer)["data"] == {"__typename": "Query"}
        await asyncio.sleep(HEADERS_WITHIN * 1.5)  # idle between requests: keep-alive's business, not ours
    writer.close()
