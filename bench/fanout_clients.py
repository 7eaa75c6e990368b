"""Subscriber processes for the fan-out benchmark.

Each process holds many WebSocket connections, one `ticketEvents` subscription each, and
notes the wall-clock time (time.time(), comparable across processes) at which every
subscriber receives every event. The parent talks to it over a multiprocessing pipe.
"""

import asyncio
import contextlib
import json
import re
import resource
import time
from collections import defaultdict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import uvloop
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

PROTOCOL = "graphql-transport-ws"
# Parsing the whole message costs more than the subscriber needs: the cursor is enough.
CURSOR = re.compile(r'"cursor":\s*"(\d+)"')
HANDSHAKES_AT_ONCE = 50


@dataclass
class Job:
    url: str
    api_key: str
    document: str
    count: int
    deflate: bool  # offer permessage-deflate, as every browser does


@dataclass
class Tally:
    arrivals: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    subscribed: int = 0
    failed: int = 0
    ended: int = 0
    partial: int = 0  # `next` messages that carried errors
    errors: list[str] = field(default_factory=list)

    def note_error(self, text: str) -> None:
        if len(self.errors) < 5:
            self.errors.append(text[:300])


def run(job: Job, control: Connection) -> None:
    """Process entry point."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # uvloop: the client's own overhead per message must stay well below the server's.
    uvloop.run(_main(job, control))


async def _main(job: Job, control: Connection) -> None:
    tally = Tally()
    gate = asyncio.Semaphore(HANDSHAKES_AT_ONCE)
    tasks = [asyncio.create_task(_subscriber(job, tally, gate)) for _ in range(job.count)]
    try:
        await _serve_control(control, tally)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    control.send(_snapshot(tally, arrivals=False))


async def _serve_control(control: Connection, tally: Tally) -> None:
    loop = asyncio.get_running_loop()
    while True:
        # A blocking recv in a thread: the event loop keeps receiving messages meanwhile.
        command, argument = await loop.run_in_executor(None, control.recv)
        if command == "stop":
            return
        if command == "count":
            control.send(sum(len(tally.arrivals.get(cursor, ())) for cursor in argument))
        elif command == "status":
            control.send(_snapshot(tally, arrivals=False))
        elif command == "arrivals":
            control.send(_snapshot(tally, arrivals=True))


def _snapshot(tally: Tally, arrivals: bool) -> dict[str, Any]:
    snapshot: dict[str, Any] = {
        "subscribed": tally.subscribed, "failed": tally.failed, "ended": tally.ended, "partial": tally.partial,
        "errors": tally.errors,
    }
    if arrivals:
        snapshot["arrivals"] = dict(tally.arrivals)
    return snapshot


async def _subscriber(job: Job, tally: Tally, gate: asyncio.Semaphore) -> None:
    try:
        async with gate:
            socket = await _open(job)
        tally.subscribed += 1
    except (OSError, TimeoutError, WebSocketException, AssertionError) as error:
        tally.failed += 1
        tally.note_error(f"connect: {error!r}")
        return
    try:
        await _receive(socket, tally)
    except (OSError, WebSocketException) as error:
        tally.note_error(f"receive: {error!r}")
    finally:
        tally.ended += 1
        with contextlib.suppress(Exception):
            await socket.close()


async def _open(job: Job) -> Any:
    socket = await connect(
        job.url, subprotocols=[PROTOCOL], compression="deflate" if job.deflate else None,
        # The server pings; we answer. Our own pings would only add noise.
        ping_interval=None, open_timeout=30, max_queue=None,
    )
    try:
        await socket.send(json.dumps({"type": "connection_init", "payload": {"apiKey": job.api_key}}))
        ack = json.loads(await asyncio.wait_for(socket.recv(), 30))
        assert ack["type"] == "connection_ack", ack
        await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": job.document}}))
    except BaseException:
        await socket.close()
        raise
    return socket


async def _receive(socket: Any, tally: Tally) -> None:
    async for raw in socket:
        now = time.time()  # first thing: this is the delivery time
        found = CURSOR.search(raw)
        if found is not None:
            tally.arrivals[int(found.group(1))].append(now)
            if '"errors"' in raw:
                # Data with field errors: delivered, but not what the console asked for.
                tally.partial += 1
                tally.note_error(raw)
            continue
        message = json.loads(raw)
        if message.get("type") == "ping":
            await socket.send('{"type": "pong"}')
        elif message.get("type") in ("error", "complete") or "errors" in message.get("payload", {}):
            tally.note_error(raw)
            return
