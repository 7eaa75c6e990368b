"""The legacy `graphql-ws` protocol, held to what `graphql-transport-ws` already enforces:
`connection_init` within the timeout (4408), and malformed messages closed with 4400."""

import asyncio
from contextlib import suppress
from typing import Any

from strawberry.http.exceptions import NonJsonMessageReceived, NonTextMessageReceived, WebSocketDisconnected
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import OperationMessage

from cozum.live.frame_shapes import legacy_ws_problem

MALFORMED = 4400
INIT_TIMEOUT = 4408


class LegacyGraphQLWSHandler(BaseGraphQLWSHandler[Any, Any]):
    initialised = False

    async def handle(self) -> None:
        deadline = asyncio.create_task(self._close_unless_initialised())
        try:
            await self._read_messages()
        except WebSocketDisconnected:
            pass
        finally:
            deadline.cancel()
            if self.keep_alive_task:
                self.keep_alive_task.cancel()
                with suppress(BaseException):
                    await self.keep_alive_task
            await self.cleanup()

    async def _read_messages(self) -> None:
        # Unlike Strawberry's loop, text that is not JSON is a malformed message, not silence.
        try:
            async for message in self.websocket.iter_json():
                problem = legacy_ws_problem(message)
                if problem is not None:
                    await self.websocket.close(code=MALFORMED, reason=problem)
                    return
                await self.handle_message(message)  # type: ignore[arg-type]
        except NonTextMessageReceived:
            await self.websocket.close(code=MALFORMED, reason="WebSocket message type must be text")
        except NonJsonMessageReceived:
            await self.websocket.close(code=MALFORMED, reason="WebSocket message must be valid JSON")

    async def handle_message(self, message: OperationMessage) -> None:
        if message["type"] == "connection_init":
            self.initialised = True
        await super().handle_message(message)

    async def _close_unless_initialised(self) -> None:
        # The view's timeout, read when the connection opens: tests shorten it there.
        await asyncio.sleep(self.view.connection_init_wait_timeout.total_seconds())
        if not self.initialised:
            with suppress(RuntimeError, WebSocketDisconnected):  # the client left meanwhile
                await self.websocket.close(code=INIT_TIMEOUT, reason="Connection initialisation timeout")
