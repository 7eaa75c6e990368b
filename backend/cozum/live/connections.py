"""The process's authenticated WebSocket connections, closed when their rights go.

The judging is in `recheck.py`; this keeps the list, runs it every RECHECK_INTERVAL for the
hub, and closes sockets without ever making the hub wait on one.
"""

import asyncio
import contextlib
import time
import weakref
from collections.abc import Callable
from typing import Any

from starlette.websockets import WebSocket

from cozum.db import SessionMaker
from cozum.live import recheck
from cozum.live.metrics import LiveCounters
from cozum.live.subscribers import StaffSubscriber, Subscriber, ViewerSubscriber

CLOSE_TIMEOUT = 5.0


class Connections:
    def __init__(self, sessionmaker: SessionMaker, counters: LiveCounters, wake: Callable[[], None]) -> None:
        self.sessionmaker = sessionmaker
        self.counters = counters
        self.wake = wake
        self._watched: weakref.WeakSet[Any] = weakref.WeakSet()
        self._checked = time.monotonic()
        self._closing: set[asyncio.Task[None]] = set()

    def watch(self, connection: Any) -> None:
        if not self._watched:
            self.wake()  # the hub may be waiting without a timeout: now it has rights to check
        self._watched.add(connection)

    def due_in(self) -> float | None:
        if not self._watched:
            return None
        return max(0.0, self._checked + recheck.RECHECK_INTERVAL - time.monotonic())

    async def check_when_due(self, subscribers: list[Subscriber]) -> None:
        if time.monotonic() < self._checked + recheck.RECHECK_INTERVAL:
            return
        self._checked = time.monotonic()
        # Subscriptions' own contexts too: they keep the credentials they started with.
        contexts = [
            *self._watched,
            *(s.context for s in subscribers if isinstance(s, StaffSubscriber | ViewerSubscriber) and s.context),
        ]
        if not contexts:
            return
        async with self.sessionmaker() as session:
            stale = dict(await recheck.stale_connections(session, contexts))
        # Operations of one connection have contexts of their own: close each socket once.
        sockets = {context.request: verdict for context, verdict in stale.items()}
        for subscriber in subscribers:
            context = getattr(subscriber.executor, "context_value", None)
            if context is not None and context.request in sockets:
                subscriber.close()
        for socket, verdict in sockets.items():
            if verdict is recheck.ENDED:
                self.counters.closed_ended += 1
            else:
                self.counters.closed_changed += 1
            if isinstance(socket, WebSocket):
                self._close_later(socket, verdict)

    def _close_later(self, socket: WebSocket, verdict: recheck.Verdict) -> None:
        """Never in the hub's own time: a client that stopped reading would stop it too."""

        async def close() -> None:
            with contextlib.suppress(Exception):  # already closing, or stuck: the keep-alive ends it
                await asyncio.wait_for(socket.close(code=verdict.code, reason=verdict.reason), CLOSE_TIMEOUT)

        task = asyncio.create_task(close())
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)
