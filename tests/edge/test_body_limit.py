"""A request body is refused at the limit, while it is read, never after reading it whole."""

import asyncio
import json

import httpx

from cozum.app import create_app
from tests.edge.helpers import plain, read_response, resident_bytes

LIMIT = 4 * 1024 * 1024
SIXTY_FOUR_MB = 64 * 1024 * 1024
CHUNK = b" " * (64 * 1024)


def assert_too_large(status: int, body: bytes) -> None:
    assert status == 413
    assert json.loads(body) == {"data": None, "errors": [{
        "message": f"The request body is larger than the limit of {LIMIT} bytes.",
        "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]}


async def test_the_default_limit_is_four_mebibytes() -> None:
    assert plain().max_body_bytes == LIMIT


async def test_a_body_just_over_the_limit_is_refused_with_413(http: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "padding": "' + b"x" * LIMIT + b'"}'
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert_too_large(response.status_code, response.content)


async def test_a_body_under_the_limit_is_served(http: httpx.AsyncClient) -> None:
    body = b'{"query": "{ __typename }", "padding": "' + b"x" * (LIMIT - 100) + b'"}'
    response = await http.post("/graphql", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200 and response.json()["data"] == {"__typename": "Query"}


async def test_a_declared_64_mb_body_is_refused_before_any_of_it_is_sent(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {SIXTY_FOUR_MB}\r\n\r\n".encode()
    )
    await writer.drain()
    status, _, body = await read_response(reader)
    writer.close()
    assert_too_large(status, body)


async def test_a_client_waiting_for_100_continue_is_refused_and_the_connection_closed(server: tuple[str, int]) -> None:
    reader, writer = await asyncio.open_connection(*server)
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
        + f"Content-Length: {SIXTY_FOUR_MB}\r\n\r\n".encode()
    )
    status, headers, body = await read_response(reader)
    rest = await asyncio.wait_for(reader.read(), 5)  # the server closes: its next bytes would be the body
    writer.close()
    assert_too_large(status, body)
    assert headers["connection"] == "close" and rest == b""


async def test_a_streamed_64_mb_body_is_refused_part_way_without_growing_the_process(server: tuple[str, int]) -> None:
    """Chunked, so no length is declared: the 413 comes while the body is still being sent,
    the rest is thrown away as it arrives, and the connection then serves the next request."""
    reader, writer = await asyncio.open_connection(*server)
    writer.write(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    answer = asyncio.create_task(read_response(reader, wait=60))
    before, sent, sent_when_answered = resident_bytes(), 0, None
    while sent < SIXTY_FOUR_MB:
        writer.write(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
        await writer.drain()
        await asyncio.sleep(0)
        sent += len(CHUNK)
        if sent_when_answered is None and answer.done():
            sent_when_answered = sent
    writer.write(b"0\r\n\r\n")
    grown = resident_bytes() - before
    status, _, body = await answer
    writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    after = await read_response(reader)
    writer.close()
    assert_too_large(status, body)
    assert sent_when_answered is not None and sent_when_answered < 2 * LIMIT, sent_when_answered
    assert grown < 32 * 1024 * 1024, grown
    assert after[0] == 200


async def test_a_multipart_body_within_the_upload_limit_is_read_as_an_upload(http: httpx.AsyncClient) -> None:
    response = await http.post("/graphql", files={"0": ("a.jpg", b"\xff\xd8" + b"x" * 1000)}, data={"operations": "{}"})
    assert response.status_code == 400  # no `map`: not the GraphQL multipart request spec
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "upload" in response.json()["errors"][0]["message"] and "`map`" in response.json()["errors"][0]["message"]


async def test_a_multipart_body_has_its_own_limit(database_url: str) -> None:
    app = create_app(database_url, plain(COZUM_MAX_UPLOAD_BYTES=64 * 1024))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        over = await http.post("/graphql", files={"0": ("a.jpg", b"x" * 70 * 1024)}, data={"operations": "{}"})
        json_body = await http.post("/graphql", json={"query": "{ __typename }", "pad": "x" * 70 * 1024})
    await app.state.engine.dispose()
    assert over.status_code == 413 and over.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert json_body.status_code == 200  # the upload limit is not the body limit
