"""Large bodies are decoded a few at a time; a client slow to send one holds no turn meanwhile."""

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from cozum.app import create_app
from cozum.graphql_app import LARGE_AT_ONCE, THREAD_ABOVE_BYTES
from tests.edge.helpers import plain, served

BODY_WITHIN = 30.0  # the default: a trickling client keeps its request open this long


@pytest.fixture
async def server(database_url: str) -> AsyncIterator[tuple[str, int]]:
    settings = plain(COZUM_BODY_TIMEOUT_SECONDS=BODY_WITHIN)
    app = create_app(database_url, settings)
    async with served(app, settings) as address:
        yield address
    await app.state.engine.dispose()


async def _trickle_a_large_body(host: str, port: int, started: asyncio.Event) -> None:
    _, writer = await asyncio.open_connection(host, port)
    writer.write(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000000\r\n\r\n{")
    await writer.drain()
    started.set()
    try:
        while True:
            await asyncio.sleep(0.5)
            writer.write(b" ")
            await writer.drain()
    finally:
        writer.close()


async def test_clients_trickling_large_bodies_do_not_hold_back_others(server: tuple[str, int]) -> None:
    # Each slow client held one of the few turns while its body trickled in, so this many of
    # them kept every other large request waiting for the body timeout, again and again.
    host, port = server
    started = [asyncio.Event() for _ in range(LARGE_AT_ONCE)]
    slow = [asyncio.create_task(_trickle_a_large_body(host, port, event)) for event in started]
    try:
        for event in started:
            await event.wait()
        await asyncio.sleep(0.3)  # their requests have reached the app
        body = json.dumps({"query": "{ __typename }", "variables": {"pad": "x" * 2 * THREAD_ABOVE_BYTES}})
        async with httpx.AsyncClient(base_url=f"http://{host}:{port}", timeout=BODY_WITHIN) as client:
            response = await asyncio.wait_for(
                client.post("/graphql", content=body, headers={"content-type": "application/json"}),
                BODY_WITHIN / 3,
            )
        assert response.json()["data"] == {"__typename": "Query"}
    finally:
        for task in slow:
            task.cancel()
        await asyncio.gather(*slow, return_exceptions=True)
