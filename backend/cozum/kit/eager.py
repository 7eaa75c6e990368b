"""Run a coroutine at once, in the caller's turn, and hand it to a task only if it must wait.

Python 3.12 calls this an eager task. A broadcast to thousands of WebSocket connections
sends one frame to each; almost every send completes without waiting (the socket takes
the bytes), so a task per send, and the event-loop turn each task needs to start, would
cost more than the sends themselves.
"""

import asyncio
from collections.abc import Coroutine
from typing import Any


def run_eagerly(coroutine: Coroutine[Any, Any, None]) -> "asyncio.Future[None] | None":
    """None if the coroutine ran to its end now; otherwise the task that finishes it.

    An exception raised before the first wait propagates to the caller; a later one is
    the task's result.
    """
    try:
        waiting_on = coroutine.send(None)
    except StopIteration:
        return None
    return asyncio.ensure_future(_finish(coroutine, waiting_on))


async def _finish(coroutine: Coroutine[Any, Any, None], waiting_on: Any) -> None:
    try:
        while True:
            if isinstance(waiting_on, asyncio.Future):
                # What asyncio.Task does with a future its coroutine yields: wait for it,
                # then resume the coroutine, which reads the future's result itself.
                waiting_on._asyncio_future_blocking = False
                await asyncio.wait((waiting_on,))
            else:
                await asyncio.sleep(0)  # a bare `yield`, as in asyncio.sleep(0)
            try:
                waiting_on = coroutine.send(None)
            except StopIteration:
                return
    except asyncio.CancelledError:
        coroutine.close()
        raise
