"""Servers and clients for the edge: real sockets where the behaviour is about sockets."""

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator
from typing import Any

from cozum.config import Settings
from cozum.edge.server import server_config
from tests.fixtures.live import free_port, serving

SECRETS = {"SECRET_KEY": "x" * 40, "WHATSAPP_VERIFY_TOKEN": "t" * 20, "COZUM_TICKET_PREFIX": "TST"}


def production(database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"COZUM_ENV": "production", "DATABASE_URL": database_url, **SECRETS}
    return Settings(**{**values, **overrides})


def plain(**overrides: Any) -> Settings:
    return Settings(**{"COZUM_ENV": "test", "COZUM_TICKET_PREFIX": "TST", **overrides})


@contextlib.asynccontextmanager
async def served(app: Any, settings: Settings) -> AsyncIterator[tuple[str, int]]:
    """`app` under uvicorn, configured as `cozum serve` configures it, in this event loop."""
    config = server_config(app, settings, "127.0.0.1", free_port(), log_level="warning", lifespan="on")
    async with serving(app, config):
        yield "127.0.0.1", config.port


async def read_response(reader: asyncio.StreamReader, wait: float = 10.0) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one HTTP/1.1 response with a Content-Length."""
    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), wait)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    body = await asyncio.wait_for(reader.readexactly(int(headers.get("content-length", "0"))), wait)
    return status, headers, body


async def closed_by_server(reader: asyncio.StreamReader, wait: float) -> bytes:
    """Everything the server sends until it closes the connection (raises if it does not)."""
    return await asyncio.wait_for(reader.read(), wait)


def resident_bytes() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        found = re.search(r"VmRSS:\s+(\d+) kB", status.read())
    assert found is not None
    return int(found.group(1)) * 1024
