"""Subscribers of one audience sending one document share one execution of each event."""

from typing import Any
from unittest import mock

from graphql import parse

from cozum.live.executor import SharedResultExecutionContext
from cozum.schema import schema


def _executor(variables: dict[str, Any]) -> Any:
    document = parse("subscription($after: String) { ticketEvents(after: $after) { cursor } }")
    return SharedResultExecutionContext.build(schema._schema, document, raw_variable_values=variables)


def test_equal_variables_give_equal_keys_across_subscriptions() -> None:
    document_key = lambda e: e.shared_key()[1]  # noqa: E731
    assert document_key(_executor({"after": "12"})) == document_key(_executor({"after": "12"}))
    assert document_key(_executor({"after": "12"})) != document_key(_executor({"after": "13"}))


def test_a_known_result_skips_the_per_event_executor() -> None:
    executor = _executor({})
    payload = mock.Mock(shared_results={executor.shared_key(): "rendered"})
    with mock.patch.object(SharedResultExecutionContext.__mro__[1], "build_per_event_executor") as build:
        stand_in = executor.build_per_event_executor(payload)
    assert build.call_count == 0 and stand_in.execute_operation(False) == "rendered"
