"""Lets the hub write an operation's `next` frames itself, without waking its task.

Strawberry runs each subscription as a task that pulls one result at a time through
graphql-core and its own result hooks before sending it. That is right for one
subscriber, but at thousands of consoles per process the per-subscriber machinery costs
more than the socket write. So the hub renders an event once per audience and document,
and writes the finished frame to each idle subscriber's socket; the task path still
carries everything else (replays, errors, the legacy protocol, a socket that is full).
"""

import contextvars
from collections.abc import Coroutine
from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import BaseGraphQLTransportWSHandler
from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from cozum.live.frame_shapes import transport_ws_problem
from cozum.live.frames import next_frame, next_prefix


class Wire:
    """One graphql-transport-ws operation's way out to its socket."""

    __slots__ = ("_handler", "_id", "_operation", "_prefix")

    def __init__(self, handler: BaseGraphQLTransportWSHandler[Any, Any], operation_id: str) -> None:
        self._handler = handler
        self._id = operation_id
        self._operation: object | None = None
        self._prefix = next_prefix(operation_id)

    def bind(self, operation: object | None) -> None:
        self._operation = operation

    @property
    def open(self) -> bool:
        """False once the client completed the operation (its task is being cancelled),
        even if it has already reused the id for a new one."""
        operation = self._handler.operations.get(self._id)
        return operation is not None and operation is self._operation and not operation.completed

    def send(self, data: str) -> Coroutine[Any, Any, None]:
        return self._handler.websocket.ws.send_text(next_frame(self._prefix, data))  # type: ignore[attr-defined,no-any-return]


# Set while Strawberry starts an operation's task, so the task (which copies the context)
# and the subscription resolver running in it know their wire.
current_wire: contextvars.ContextVar[Wire | None] = contextvars.ContextVar("current_wire", default=None)


class DirectWireTransportWS(BaseGraphQLTransportWSHandler[Any, Any]):
    async def handle_message(self, message: Any) -> None:
        problem = transport_ws_problem(message)
        if problem is not None:
            await self.handle_invalid_message(problem)  # closes with 4400
            return
        await super().handle_message(message)

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        operation_id = message.get("id")
        wire = Wire(self, operation_id) if isinstance(operation_id, str) else None
        token = current_wire.set(wire)
        try:
            await super().handle_subscribe(message)
        finally:
            current_wire.reset(token)
        if wire is not None:
            # The operation's task has not run yet: no frame can be written before this.
            wire.bind(self.operations.get(wire._id))
