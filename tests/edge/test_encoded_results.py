"""The cache of encoded subscription results is bounded by size, not only by count."""

import gc
import tracemalloc
from typing import Any

from starlette.routing import WebSocketRoute

from cozum.graphql_app import CozumGraphQL


def view_of(app: Any) -> CozumGraphQL:
    [view] = [r.endpoint for r in app.routes if isinstance(r, WebSocketRoute) and r.path == "/graphql"]
    assert isinstance(view, CozumGraphQL)
    return view


def next_message(data: dict[str, Any]) -> dict[str, Any]:
    return {"id": "1", "type": "next", "payload": {"data": data}}


async def test_forty_large_results_leave_little_behind(app: Any) -> None:
    """Query results over a WebSocket pass through the cache too; forty of 1 MB each
    must not stay in memory once sent."""
    view = view_of(app)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for n in range(40):
            frame = view.encode_json(next_message({"rows": [f"{n}-{i}-" + "x" * 1000 for i in range(1000)]}))
            assert len(frame) > 1_000_000
            del frame
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 4 * 1024 * 1024, kept


async def test_one_result_sent_to_many_is_encoded_once(app: Any) -> None:
    view = view_of(app)
    shared = {"ticketEvents": {"cursor": "abc", "event": {"type": "CREATED"}}}
    frames = {view.encode_json({"id": str(n), "type": "next", "payload": {"data": shared}}) for n in range(3)}
    assert frames == {f'{{"id":"{n}","type":"next","payload":{{"data":{{"ticketEvents":{{"cursor":"abc",'
                      f'"event":{{"type":"CREATED"}}}}}}}}}}' for n in range(3)}
    assert len(view._encoded) == 1
