"""Execution that leaves no reference cycle behind once a query or mutation is answered.

graphql-core's executor refers to itself (its resolve-info helpers are two of its own bound
methods), so each one is a cycle that only the garbage collector frees, and it holds the
request's context (the request, its whole body) and its variables. A serving process runs a
full collection rarely (see cli.py): fifty finished requests with a 4 MB variable each held
800 MB. Unlinking the helpers once the result is complete, and the frames the client's errors
keep (see kit/request_errors.py), lets the request go at once.
"""

from collections.abc import Awaitable
from typing import Any

from graphql import ExecutionResult, OperationType
from graphql.execution import Executor
from graphql.pyutils import is_awaitable

from cozum.kit.request_errors import drop_frames, is_clients


class ReleasedWhenDone(Executor[Any]):
    """Put before an executor class in the bases. A subscription's executor renders every
    event for as long as the subscription lives, and is left as it is."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        result = super().execute_operation(serially)
        if self.operation.operation is OperationType.SUBSCRIPTION:
            return result
        if is_awaitable(result):
            return self._released_after(result)
        self._release(result)
        return result

    async def _released_after(self, pending: Awaitable[Any]) -> Any:
        result = await pending
        self._release(result)
        return result

    def _release(self, result: object) -> None:
        # An incremental result (@defer, @stream) still has work to do with the helpers.
        if not isinstance(result, ExecutionResult):
            return
        del self.async_helpers
        # A fault keeps its frames, to be logged with them (and freed when the collector runs).
        for error in result.errors or ():
            if is_clients(error):
                drop_frames(error)
