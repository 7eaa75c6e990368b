"""Execute a subscription event once per audience, however many subscribers share it."""

import asyncio
import contextvars
import json
from collections.abc import Awaitable
from typing import Any

from graphql import FieldNode, OperationType, VariableNode, Visitor, visit
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


async def _await(task: "asyncio.Future[Any]") -> Any:
    # Shielded: the hub and the subscribers on the mailbox path await the one rendering, and a
    # subscriber cancelled as its client leaves would cancel it under the others (the hub dies
    # of a CancelledError no handler of its own catches). Nor is it cancelled when the last of
    # them has gone: it stays in the event's cache, where a later one would be handed that
    # cancellation as its own. It runs to its end (an event's rendering: milliseconds).
    return await asyncio.shield(task)


class _Rendered:
    """Stands in for a per-event executor when the result is already known."""

    def __init__(self, result: Any) -> None:
        self.result = result

    def execute_operation(self, *_: Any, **__: Any) -> Any:
        hit = self.result
        return _await(hit) if isinstance(hit, asyncio.Future) else hit


class _Same:
    """A key part equal only to itself: holding the operation keeps its id from being reused
    by another document while a result keyed by it is still cached."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


class _VariableFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def enter_variable(self, node: VariableNode, *_: Any) -> None:
        self.names.add(node.name.value)


current_executor: "contextvars.ContextVar[SharedResultExecutionContext | None]" = contextvars.ContextVar(
    "current_executor", default=None
)


class SharedResultExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """A payload carrying `shared_results` is the same object for every subscriber of one
    audience (same read rights). Identical documents and variables then give identical
    results, so the first subscriber's execution serves the rest, and the others skip even
    the copy of the executor graphql-core makes for every event."""

    _shared_key: tuple[_Same, str] | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.operation.operation is OperationType.SUBSCRIPTION:
            # The subscription's resolver runs next, in this task: it hands this executor
            # to the hub, which renders events with it (see `render`).
            current_executor.set(self)

    def render(self, payload: Any, context: Any) -> Any:
        """This operation's result for one event (or an awaitable of it), as graphql-core
        would compute it for the subscriber, and shared the same way; resolvers get
        `context` (the subscriber's caller, with a session of its own)."""
        executor = self.build_per_event_executor(payload)
        if isinstance(executor, SharedResultExecutionContext):
            executor.context_value = context
        return executor.execute_operation(False)

    def shared_key(self) -> tuple[_Same, str]:
        if self._shared_key is None:
            # The coerced values only: their sources carry objects unique to each subscription.
            coerced: dict[str, Any] = self.variable_values.coerced or {}
            used = {name: coerced[name] for name in self._rendering_variables() if name in coerced}
            self._shared_key = (_Same(self.operation), json.dumps(used, sort_keys=True, default=str))
        return self._shared_key

    def _rendering_variables(self) -> set[str]:
        """Variables that can change how an event renders. Those only passed to the root
        field (`after`, `filter`) choose which events come, not how they look: consoles
        resuming from different cursors still share one rendering."""
        finder = _VariableFinder()
        for selection in self.operation.selection_set.selections:
            if isinstance(selection, FieldNode):
                parts: list[Any] = [selection.selection_set, *(selection.directives or ())]
            else:
                parts = [selection]
            for part in parts:
                if part is not None:
                    visit(part, finder)
        for fragment in self.fragment_definitions.values():
            visit(fragment, finder)
        return finder.names

    def build_per_event_executor(self, payload: Any) -> Any:
        cache = getattr(payload, "shared_results", None)
        if cache is not None:
            hit = cache.get(self.shared_key())
            if hit is not None:
                return _Rendered(hit)
        executor = super().build_per_event_executor(payload)
        if isinstance(executor, SharedResultExecutionContext):
            executor._shared_key = self.shared_key()
        return executor

    def execute_operation(self, *args: Any, **kwargs: Any) -> Any:
        cache = getattr(self.root_value, "shared_results", None)
        if cache is None:
            return super().execute_operation(*args, **kwargs)
        key = self.shared_key()
        if key in cache:
            return _Rendered(cache[key]).execute_operation()
        result = super().execute_operation(*args, **kwargs)
        if isinstance(result, Awaitable):
            task = asyncio.ensure_future(result)
            cache[key] = task
            return _await(task)
        cache[key] = result
        return result
