"""The legacy graphql-ws protocol runs subscriptions only; a query or mutation sent over it is
the client's mistake, told with a code, in production too (it was "Unexpected error.")."""

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets import Subprotocol

from cozum.app import create_app
from tests.edge.helpers import production
from tests.fixtures.live import serving


async def _first_error(base: str, query: str) -> dict[str, Any]:
    async with websockets.connect(f"ws://{base}/graphql", subprotocols=[Subprotocol("graphql-ws")]) as socket_:
        await socket_.send(json.dumps({"type": "connection_init"}))
        await socket_.send(json.dumps({"type": "start", "id": "1", "payload": {"query": query}}))
        async with asyncio.timeout(5):
            while True:
                message = json.loads(await socket_.recv())
                if message["type"] == "error":
                    payload: dict[str, Any] = message["payload"]
                    return payload


@pytest.mark.parametrize(("query", "kind"), [("{ __typename }", "queries"), ("mutation { logout { ok } }", "mutations")])
async def test_a_query_or_mutation_over_graphql_ws_is_refused_with_a_code(database_url: str, query: str, kind: str) -> None:
    app = create_app(database_url, production(database_url))
    try:
        async with serving(app) as base:
            error = await _first_error(base, query)
    finally:
        await app.state.engine.dispose()
    assert error["message"] == f"{kind} are not allowed"
    assert error["extensions"]["code"] == "BAD_REQUEST"
