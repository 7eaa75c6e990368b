"""WebSocket connections whose frames leave together: those of one turn of the event loop, and
those the live hub writes for one batch of events.

The live hub writes each event's frame to every console that watches it, and under a stream
of commits it reads them in batches (live/hub.py): each console then gets several frames in a
row. A write to an idle socket is a system call, a TCP segment and a wake-up of the reader; with
fifty consoles open those writes were the largest cost of a server taking submissions. The hub
holds its writes while it renders a batch for the consoles (`held_writes`), and each console's
frames then leave in one write, in order (or several, past HOLD_BYTES); every other write leaves
at the end of the loop's turn.
"""

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

# A connection's held frames leave early past this size: the socket's own flow control (which
# moves a slow console to its bounded mailbox) must still see a client that stopped reading.
HOLD_BYTES = 64 * 1024

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Holding:
    task: "asyncio.Task[Any] | None"
    connections: "set[GatheredWrites]" = field(default_factory=set)
    open: bool = True

    def holds(self) -> bool:
        # Tasks started in the block inherit the context, not the hold: theirs leave as usual.
        return self.open and asyncio.current_task() is self.task


_holding: contextvars.ContextVar[_Holding | None] = contextvars.ContextVar("holding", default=None)


@contextlib.contextmanager
def held_writes() -> Iterator[None]:
    """Writes this task makes in the block leave at its end, one per connection."""
    enclosing = _holding.get()
    if enclosing is not None and enclosing.holds():
        yield
        return
    holding = _Holding(asyncio.current_task())
    token = _holding.set(holding)
    try:
        yield
    finally:
        holding.open = False
        _holding.reset(token)
        for connection in holding.connections:
            try:
                connection.flush()
            except Exception:  # one broken socket must not keep the others' frames back
                log.exception("A WebSocket's held frames could not be written")


class GatheredWrites:
    """A transport whose writes leave together: at the end of the loop's turn, or of the block
    that holds them."""

    __slots__ = ("_loop", "_pending", "_scheduled", "_size", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []
        self._size = 0
        self._scheduled = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not data:
            return
        self._pending.append(bytes(data))
        self._size += len(data)
        holding = _holding.get()
        if holding is not None and holding.holds():
            holding.connections.add(self)
            if self._size >= HOLD_BYTES:
                self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self._loop.call_soon(self.flush)

    def writelines(self, lines: Any) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        self._scheduled = False
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending.clear()
        self._size = 0
        if not self._transport.is_closing():
            self._transport.write(data)

    def close(self) -> None:
        self.flush()  # the close frame written just before is the last thing sent
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._pending.clear()
        self._size = 0
        self._transport.abort()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + self._size

    def __getattr__(self, name: str) -> Any:
        # Everything else (extra info, reading, flow control) is the socket's own.
        return getattr(self._transport, name)


class GatheringWebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's WebSocket protocol (websockets' sans-I/O implementation) on GatheredWrites."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, but have its methods.
        gathered = GatheredWrites(cast(asyncio.Transport, transport), asyncio.get_running_loop())
        super().connection_made(cast(asyncio.Transport, gathered))
