"""WebSockets: the legacy protocol's init deadline, malformed messages closed with 4400, origins by scheme."""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import websockets
from starlette.routing import WebSocketRoute
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from cozum.app import create_app
from cozum.config import Settings
from cozum.graphql_app import CozumGraphQL
from tests.edge.helpers import plain, production
from tests.fixtures.live import serving

TRANSPORT_WS = Subprotocol("graphql-transport-ws")
LEGACY_WS = Subprotocol("graphql-ws")
QUERY = "subscription { liveStats { received } }"

MALFORMED: dict[str, str | bytes] = {
    "not JSON": "{type: connection_init}",
    "binary": b'{"type": "connection_init"}',
    "a list": "[]",
    "a string": '"connection_init"',
    "a number": "1",
    "null": "null",
    "no type": '{"payload": {}}',
    "a numeric type": '{"type": 1}',
    "an unknown type": '{"type": "hello"}',
    "a payload that is a string": '{"type": "connection_init", "payload": "x"}',
    "nested 10,000 deep": '{"type": "connection_init", "payload": ' + "[" * 10_000 + "]" * 10_000 + "}",
}
# After an acknowledged connection_init: operations of the wrong shape.
MALFORMED_OPERATIONS = {
    "no payload": {"id": "1"},
    "a payload that is a string": {"id": "1", "payload": "x"},
    "no query": {"id": "1", "payload": {}},
    "a numeric query": {"id": "1", "payload": {"query": 1}},
    "variables a list": {"id": "1", "payload": {"query": QUERY, "variables": [1]}},
    "a numeric id": {"id": 1, "payload": {"query": QUERY}},
    "no id": {"payload": {"query": QUERY}},
}
START = {TRANSPORT_WS: "subscribe", LEGACY_WS: "start"}


def view_of(app: Any) -> CozumGraphQL:
    [view] = [r.endpoint for r in app.routes if isinstance(r, WebSocketRoute) and r.path == "/graphql"]
    assert isinstance(view, CozumGraphQL)
    return view


@pytest.fixture
async def live(app: Any) -> AsyncIterator[str]:
    async with serving(app) as base:
        yield base


async def close_code(socket_: Any, wait: float = 5.0) -> int | None:
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(socket_.recv(), wait)
    return closed.value.rcvd.code if closed.value.rcvd else None


async def acknowledged(socket_: Any) -> None:
    await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
    assert json.loads(await asyncio.wait_for(socket_.recv(), 5))["type"] == "connection_ack"


# --- the init deadline -------------------------------------------------------------------------


async def test_a_legacy_socket_that_never_sends_connection_init_is_closed_with_4408(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(app)
    assert view.connection_init_wait_timeout == timedelta(seconds=10)  # what production uses
    monkeypatch.setattr(view, "connection_init_wait_timeout", timedelta(seconds=0.5))
    async with serving(app) as base, websockets.connect(f"ws://{base}/graphql", subprotocols=[LEGACY_WS]) as socket_:
        started = time.monotonic()
        code = await close_code(socket_)
        waited = time.monotonic() - started
    assert code == 4408 and 0.3 <= waited < 5


async def test_a_legacy_socket_that_sent_connection_init_stays_open(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(view_of(app), "connection_init_wait_timeout", timedelta(seconds=0.3))
    async with serving(app) as base, websockets.connect(f"ws://{base}/graphql", subprotocols=[LEGACY_WS]) as socket_:
        await acknowledged(socket_)
        await asyncio.sleep(0.6)
        await socket_.send(json.dumps({"id": "1", "type": "start", "payload": {"query": QUERY}}))
        assert json.loads(await asyncio.wait_for(socket_.recv(), 5))["type"] in ("data", "ka")


# --- malformed messages ------------------------------------------------------------------------


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
@pytest.mark.parametrize("message", MALFORMED.values(), ids=MALFORMED.keys())
async def test_a_malformed_message_closes_the_socket_with_4400(live: str, protocol: Subprotocol, message: str | bytes) -> None:
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=[protocol], max_size=None) as socket_:
        await socket_.send(message)
        assert await close_code(socket_) == 4400


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
@pytest.mark.parametrize("operation", MALFORMED_OPERATIONS.values(), ids=MALFORMED_OPERATIONS.keys())
async def test_a_malformed_operation_closes_the_socket_with_4400(
    live: str, protocol: Subprotocol, operation: dict[str, Any]
) -> None:
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=[protocol]) as socket_:
        await acknowledged(socket_)
        await socket_.send(json.dumps({"type": START[protocol], **operation}))
        assert await close_code(socket_) == 4400


# --- origins -----------------------------------------------------------------------------------


async def handshake_to(base: str, origin: str) -> int:
    """101 when the socket opened, otherwise the refusal's HTTP status."""
    try:
        async with websockets.connect(f"ws://{base}/graphql", subprotocols=[TRANSPORT_WS], origin=Origin(origin)):
            return 101
    except InvalidStatus as refused:
        return int(refused.response.status_code)


async def status_for(database_url: str, settings: Settings, origin: str) -> int:
    app = create_app(database_url, settings)
    try:
        async with serving(app) as base:
            return await handshake_to(base, origin)
    finally:
        await app.state.engine.dispose()


HTTPS_SITE = {"PUBLIC_BASE_URL": "https://cozum.example.org"}


@pytest.mark.parametrize(("origin", "status"), [
    ("https://cozum.example.org", 101),
    ("https://cozum.example.org:443", 101),
    ("http://cozum.example.org", 403),
    ("http://cozum.example.org:443", 403),
    ("https://cozum.example.org:8443", 403),
    ("https://evil.example.org", 403),
    ("null", 403),
])
async def test_production_compares_the_whole_origin_with_the_public_url(database_url: str, origin: str, status: int) -> None:
    assert await status_for(database_url, production(database_url, **HTTPS_SITE), origin) == status


@pytest.mark.parametrize(("origin", "status"), [("http://cozum.example.org", 403), ("https://cozum.example.org", 101)])
async def test_a_page_on_the_same_host_over_plain_http_is_refused(database_url: str, origin: str, status: int) -> None:
    """The handshake names the site (`Host: cozum.example.org`, as it does behind the proxy);
    host and port alone took an http page on that host for the https site."""
    app = create_app(database_url, production(database_url, **HTTPS_SITE))
    async with serving(app) as base:
        port = int(base.rsplit(":", 1)[1])
        try:
            async with websockets.connect("ws://cozum.example.org/graphql", host="127.0.0.1", port=port,
                                          subprotocols=[TRANSPORT_WS], origin=Origin(origin)):
                answered = 101
        except InvalidStatus as refused:
            answered = refused.response.status_code
    await app.state.engine.dispose()
    assert answered == status


async def test_allowed_origins_are_compared_by_scheme_too(database_url: str) -> None:
    settings = production(database_url, **HTTPS_SITE, COZUM_ALLOWED_ORIGINS="https://panel.example.org")
    assert await status_for(database_url, settings, "https://panel.example.org") == 101
    assert await status_for(database_url, settings, "http://panel.example.org") == 403


async def test_development_accepts_the_address_it_was_reached_at_under_its_scheme(database_url: str) -> None:
    app = create_app(database_url, plain())
    async with serving(app) as base:
        opened = await handshake_to(base, f"http://{base}")
        refused = await handshake_to(base, f"https://{base}")
    await app.state.engine.dispose()
    assert (opened, refused) == (101, 403)

