"""Run a coroutine at once, in the caller's turn, and hand it to a task only if it must wait.

Python 3.12 calls this an eager task. A broadcast to thousands of WebSocket connections
sends one frame to each; almost every send completes without waiting (the socket takes
the bytes), so a task per send, and the event-loop turn each task needs to start, would
cost more than the sends themselves.
"""

import asyncio
import contextlib
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
    task = asyncio.ensure_future(_finish(coroutine, waiting_on))
    task.add_done_callback(_retrieve)
    return task


def _retrieve(task: "asyncio.Future[None]") -> None:
    # Whoever waits for the task may not ask for its outcome: do, so a failed send
    # (a socket gone while full) is not reported as "never retrieved".
    if not task.cancelled():
        task.exception()


async def _finish(coroutine: Coroutine[Any, Any, None], waiting_on: Any) -> None:
    try:
        while True:
            if isinstance(waiting_on, asyncio.Future):
                # What asyncio.Task does with a future its coroutine yields: wait for it (in
                # the order of its other waiters), then resume the coroutine, which reads
                # the future's result or exception itself.
                waiting_on._asyncio_future_blocking = False
                with contextlib.suppress(Exception):
                    await _outcome_of(waiting_on)
            else:
                await asyncio.sleep(0)  # a bare `yield`, as in asyncio.sleep(0)
            try:
                waiting_on = coroutine.send(None)
            except StopIteration:
                return
    except asyncio.CancelledError:
        coroutine.close()
        raise


async def _outcome_of(future: "asyncio.Future[Any]") -> None:
    try:
        await future
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise  # this task is being cancelled, not just the future it waited on
