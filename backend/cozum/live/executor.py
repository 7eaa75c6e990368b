"""Execute a subscription event once per audience, however many subscribers share it."""

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


async def _await(task: "asyncio.Future[Any]") -> Any:
    return await task


class SharedResultExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """A payload carrying `shared_results` is the same object for every subscriber of one
    audience (same read rights). Identical documents and variables then give identical
    results, so the first subscriber's execution serves the rest."""

    def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        cache = getattr(self.root_value, "shared_results", None)
        if cache is None:
            return super().execute_operation(*args, **kwargs)
        variables = json.dumps(self.variable_values, sort_keys=True, default=str) if self.variable_values else ""
        key = (id(self.operation), variables)
        if key in cache:
            hit = cache[key]
            return _await(hit) if isinstance(hit, asyncio.Future) else hit
        result = super().execute_operation(*args, **kwargs)
        if isinstance(result, Awaitable):
            task = asyncio.ensure_future(result)
            cache[key] = task
            return _await(task)
        cache[key] = result
        return result
