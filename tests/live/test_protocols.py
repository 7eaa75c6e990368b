"""The WebSocket transport: both subprotocols, keys in connection_init, origins, timeouts."""

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.routing import WebSocketRoute
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.typing import Origin, Subprotocol

from cozum.auth.api_keys import create_api_key
from cozum.auth.permissions import ApiScope
from cozum.db import create_sessionmaker, transaction
from cozum.graphql_app import CozumGraphQL
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import SubscriptionEnded, caught_up, serving, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import CHANGE_STATUS

TRANSPORT_WS = Subprotocol("graphql-transport-ws")
LEGACY_WS = Subprotocol("graphql-ws")
EVENTS = """subscription { ticketEvents { cursor event { type toStatus } ticket { reference status } } }"""



@pytest.fixture
async def staff(app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GraphQLClient]:
    client = await client_for("OPERATOR", app, engine, monkeypatch)
    yield client
    await client.http.aclose()


def view_of(app: Any) -> CozumGraphQL:
    """The GraphQL view behind the app's WebSocket route, to read or shorten its timers."""
    for route in app.routes:
        if isinstance(route, WebSocketRoute) and route.path == "/graphql":
            assert isinstance(route.endpoint, CozumGraphQL)
            return route.endpoint
    raise AssertionError("no WebSocket route at /graphql")


async def key_with(engine: AsyncEngine, *scopes: ApiScope) -> str:
    async with transaction(create_sessionmaker(engine)) as session:
        _, key = await create_api_key(session, "Canlı pano", list(scopes))
    return key


async def subscribed(app: Any, count: int = 1) -> None:
    """graphql-transport-ws has no "subscribed" acknowledgement: wait until the hub has the
    subscriber, or an event committed meanwhile is (rightly) not part of this subscription."""
    for _ in range(500):
        if len(app.state.hub.staff) >= count:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the subscription never reached the hub")



async def recv_json(socket_: Any, wait: float = 2.0) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(socket_.recv(), wait))
    return message


# --- subprotocols and credentials ------------------------------------------------------------


async def test_the_legacy_graphql_ws_protocol_carries_ticket_events(
    live: str, staff: GraphQLClient, app: Any, engine: AsyncEngine
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with subscribe(live, EVENTS, cookies=cookies, protocol="graphql-ws") as events:
        assert events.socket.subprotocol == "graphql-ws"
        await subscribed(app)
        await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
            "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": ticket["version"]}})
        message = (await events.next())["data"]["ticketEvents"]
    assert message["event"] == {"type": "STATUS_CHANGED", "toStatus": "IN_PROGRESS"}
    assert message["ticket"] == {"reference": ticket["reference"], "status": "IN_PROGRESS"}


async def test_an_api_key_in_connection_init_may_subscribe(
    live: str, staff: GraphQLClient, engine: AsyncEngine, app: Any
) -> None:
    key = await key_with(engine, ApiScope.READ_ALL, ApiScope.SUBSCRIBE)
    async with subscribe(live, EVENTS, params={"apiKey": key}) as events:
        await subscribed(app)
        ticket = await new_ticket(staff, "ROAD_POTHOLE")
        message = (await events.next())["data"]["ticketEvents"]
    assert message["event"]["type"] == "CREATED" and message["ticket"]["reference"] == ticket["reference"]


async def test_a_key_without_the_subscribe_scope_is_refused(live: str, engine: AsyncEngine) -> None:
    key = await key_with(engine, ApiScope.READ_ALL)
    async with subscribe(live, EVENTS, params={"apiKey": key}) as events:
        with pytest.raises(SubscriptionEnded) as ended:
            await events.next()
    refusal = json.dumps(ended.value.args[0])
    # Authenticated by the key (so not NOT_AUTHENTICATED), but not allowed to subscribe.
    assert '"FORBIDDEN"' in refusal and "NOT_AUTHENTICATED" not in refusal


# --- origins ---------------------------------------------------------------------------------


async def test_a_handshake_from_another_origin_is_refused(live: str) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://{live}/graphql", subprotocols=[TRANSPORT_WS], origin=Origin("http://evil.example")
        ):
            pass
    assert refused.value.response.status_code == 403


async def test_same_origin_and_originless_handshakes_are_accepted(live: str) -> None:
    for origin in (Origin(f"http://{live}"), None):
        async with websockets.connect(
            f"ws://{live}/graphql", subprotocols=[TRANSPORT_WS], origin=origin
        ) as socket_:
            await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
            assert (await recv_json(socket_))["type"] == "connection_ack", origin


# --- timers ----------------------------------------------------------------------------------


async def test_a_client_that_never_sends_connection_init_is_closed_with_4408(
    app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = view_of(app)
    assert view.connection_init_wait_timeout == timedelta(seconds=10)  # what production uses
    monkeypatch.setattr(view, "connection_init_wait_timeout", timedelta(seconds=0.5))
    async with (
        serving(app) as base,
        websockets.connect(f"ws://{base}/graphql", subprotocols=[TRANSPORT_WS]) as socket_,
    ):
        started = time.monotonic()
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket_.recv(), 5)
        waited = time.monotonic() - started
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4408
    assert 0.3 <= waited < 3


async def test_the_legacy_protocol_sends_keep_alives(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    view = view_of(app)
    assert view.keep_alive is True and view.keep_alive_interval == 15  # what production uses
    monkeypatch.setattr(view, "keep_alive_interval", 0.2)
    async with serving(app) as base, websockets.connect(f"ws://{base}/graphql", subprotocols=[LEGACY_WS]) as socket_:
        await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert (await recv_json(socket_))["type"] == "connection_ack"
        kinds = [(await recv_json(socket_, 1.0))["type"] for _ in range(3)]
    assert kinds == ["ka", "ka", "ka"]


async def test_a_graphql_transport_ws_ping_is_answered_with_a_pong(live: str) -> None:
    async with websockets.connect(f"ws://{live}/graphql", subprotocols=[TRANSPORT_WS]) as socket_:
        await socket_.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert (await recv_json(socket_))["type"] == "connection_ack"
        await socket_.send(json.dumps({"type": "ping"}))
        assert (await recv_json(socket_))["type"] == "pong"
