"""Subscribers of one audience sending one document share one execution of each event."""

import asyncio
from typing import Any
from unittest import mock

from graphql import parse

from cozum.live.executor import SharedResultExecutionContext
from cozum.schema import schema

DOCUMENT = parse("""
subscription($after: String, $language: Language!) {
  ticketEvents(after: $after) { cursor ticket { ...Label } }
}
fragment Label on Ticket { statusLabel(language: $language) }
""")


def _executor(variables: dict[str, Any], document: Any = DOCUMENT) -> Any:
    return SharedResultExecutionContext.build(schema._schema, document, raw_variable_values=variables)


def document_key(executor: Any) -> str:
    return str(executor.shared_key()[1])


def test_subscriptions_differing_only_in_where_they_resume_share_a_rendering() -> None:
    """`after` chooses which events come, not how they look."""
    assert document_key(_executor({"after": "12", "language": "TR"})) == document_key(
        _executor({"after": "13", "language": "TR"})
    )


def test_a_variable_used_in_the_selection_separates_renderings() -> None:
    assert document_key(_executor({"after": "12", "language": "TR"})) != document_key(
        _executor({"after": "12", "language": "EN"})
    )


def test_a_variable_on_a_root_directive_separates_renderings() -> None:
    document = parse("subscription($on: Boolean!) { ticketEvents @include(if: $on) { cursor } }")
    assert document_key(_executor({"on": True}, document)) != document_key(_executor({"on": False}, document))


def test_a_known_result_skips_the_per_event_executor() -> None:
    executor = _executor({"language": "TR"})
    payload = mock.Mock(shared_results={executor.shared_key(): "rendered"})
    with mock.patch.object(SharedResultExecutionContext.__mro__[1], "build_per_event_executor") as build:
        stand_in = executor.build_per_event_executor(payload)
    assert build.call_count == 0 and stand_in.execute_operation(False) == "rendered"


class Shared:
    """One rendering under way in an event's cache, released at will, and subscribers that wait
    for it through the executor, as the hub and the mailbox path do."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.task = asyncio.ensure_future(self._rendering())
        self.executor = _executor({"language": "TR"})
        self.payload = mock.Mock(shared_results={self.executor.shared_key(): self.task})

    async def _rendering(self) -> str:
        await self.release.wait()
        return "rendered"

    def waiter(self) -> "asyncio.Future[Any]":
        return asyncio.ensure_future(self.executor.build_per_event_executor(self.payload).execute_operation(False))


async def test_a_subscriber_cancelled_while_waiting_leaves_the_shared_rendering_running() -> None:
    """The hub and the subscribers on the mailbox path await one rendering: a subscriber whose
    client went away must not cancel it under the others (the hub's own wait among them)."""
    shared = Shared()
    leaving, staying = shared.waiter(), shared.waiter()
    await asyncio.sleep(0)
    leaving.cancel()
    await asyncio.sleep(0)
    shared.release.set()
    assert await staying == "rendered" and await shared.task == "rendered" and leaving.cancelled()


async def test_a_subscriber_after_every_other_one_left_still_gets_the_rendering() -> None:
    """The rendering stays in the event's cache when the waiters before have all gone: the
    next one (the hub's direct path, another group of the audience) gets its result, not their
    cancellation as if it were its own."""
    shared = Shared()
    leaving = shared.waiter()
    await asyncio.sleep(0)
    leaving.cancel()
    await asyncio.gather(leaving, return_exceptions=True)
    later = shared.waiter()
    shared.release.set()
    assert await later == "rendered" and leaving.cancelled()
