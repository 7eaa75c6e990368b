"""Documents that expand, or cost to check, far beyond their size are refused in milliseconds.

These run the schema in-process with no request context: a refused document never
reaches a resolver. Bounds on time are generous (the machine is shared); the report of
the limits' work gives the measured figures.
"""

import random
import time
from typing import Any
from unittest import mock

import pytest
from graphql import parse
from strawberry.extensions.max_aliases import count_fields_with_alias
from strawberry.extensions.query_depth_limiter import determine_depth, get_fragments, get_queries_and_mutations

from cozum.kit import document_guard
from cozum.kit.cost import document_cost
from cozum.kit.documents import measure_document
from cozum.schema import Limits, create_schema
from tests.core.hostile_documents import HOSTILE, fragment_bomb

schema = create_schema()


async def _errors(document: str, limits: Limits | None = None) -> list[dict[str, Any]]:
    target = create_schema(limits) if limits else schema
    result = await target.execute(document)
    return [{"message": e.message, "code": (e.extensions or {}).get("code")} for e in result.errors or []]


@pytest.mark.parametrize("name", HOSTILE)
async def test_a_hostile_document_is_refused_quickly_with_a_code(name: str) -> None:
    started = time.perf_counter()
    errors = await _errors(HOSTILE[name])
    elapsed = time.perf_counter() - started
    assert errors and errors[0]["code"] == "QUERY_TOO_COMPLEX", errors
    assert elapsed < 1.0, f"{name}: {elapsed:.3f} s"


@pytest.mark.parametrize("spreads", [2, 5])
async def test_a_fragment_bomb_never_reaches_the_standard_rules(spreads: int) -> None:
    with mock.patch.object(document_guard, "validate", wraps=document_guard.validate) as validate:
        errors = await _errors(fragment_bomb(40, spreads))
    assert errors[0]["code"] == "QUERY_TOO_COMPLEX"
    assert "more than 2000 fields" in errors[0]["message"]
    assert validate.call_count == 0


async def test_a_bomb_that_spreads_itself_ends_all_the_same() -> None:
    cyclic = fragment_bomb(40, 2).replace("F40 on Query { __typename }", "F40 on Query { __typename ...F0 }")
    started = time.perf_counter()
    errors = await _errors(cyclic)
    assert time.perf_counter() - started < 1.0
    assert errors[0]["code"] == "QUERY_TOO_COMPLEX"


async def test_a_fragment_cycle_is_reported_by_validation() -> None:
    errors = await _errors("{ ...A } fragment A on Query { ...B __typename } fragment B on Query { ...A }")
    assert errors and {e["code"] for e in errors} == {"GRAPHQL_VALIDATION_FAILED"}
    assert any("within itself" in e["message"] for e in errors)


def test_the_cost_of_a_fragment_bomb_is_priced_in_a_step_per_fragment() -> None:
    document = parse(fragment_bomb(40, 2, "departments(first: 3) { totalCount }"))
    started = time.perf_counter()
    cost = document_cost(schema._schema, document, {}, None)
    assert time.perf_counter() - started < 1.0
    assert cost == 2**40 * (2 + 3 * 0)  # each of 2^40 connections: 2, plus 3 items costing nothing


async def test_the_field_limit_is_exact_and_configurable() -> None:
    limits = Limits(max_fields=3)
    assert await _errors("{ __typename a: __typename b: __typename }", limits) == []
    errors = await _errors("{ __typename a: __typename b: __typename c: __typename }", limits)
    assert [e["code"] for e in errors] == ["QUERY_TOO_COMPLEX"]


async def test_a_document_over_the_time_budget_is_refused() -> None:
    # No document parses in no time at all: with a budget of 0 ms every one is over it.
    errors = await _errors("{ __typename }", Limits(validation_ms=0))
    assert errors == [{"message": "This document took too long to check; send a smaller one.",
                       "code": "QUERY_TOO_COMPLEX"}]


def _selections(rng: random.Random, depth: int, fragments: int, after: int) -> str:
    """A few selections of fields, aliases, introspection, inline fragments and spreads of
    later fragments (so no cycles)."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.random()
        if kind < 0.4 or depth > 4:
            parts.append(rng.choice(["a", "x: a", "__typename"]))
        elif kind < 0.6:
            parts.append(rng.choice(["c", "y: c", "__type"]) + f" {{ {_selections(rng, depth + 1, fragments, after)} }}")
        elif kind < 0.75:
            parts.append(f"... on T {{ {_selections(rng, depth + 1, fragments, after)} }}")
        elif after + 1 < fragments:
            parts.append(f"...F{rng.randint(after + 1, fragments - 1)}")
    return " ".join(parts) or "a"


@pytest.mark.parametrize("seed", range(0, 500, 50))
def test_depth_and_aliases_are_counted_as_strawberrys_limiters_count_them(seed: int) -> None:
    # The limits kept their settings when they moved here; they must keep their meaning too.
    for rng in (random.Random(seed + offset) for offset in range(50)):
        fragments = rng.randint(0, 5)
        definitions = [f"fragment F{i} on T {{ {_selections(rng, 0, fragments, i)} }}" for i in range(fragments)]
        operations = [f"query Q{j} {{ {_selections(rng, 0, fragments, -1)} }}" for j in range(rng.randint(1, 2))]
        document = parse(" ".join(operations + definitions))
        measure = measure_document(document)
        named = get_fragments(document.definitions)
        for name, operation in get_queries_and_mutations(document.definitions).items():
            assert measure.depths[name] == determine_depth(operation, named, 0, 10**9, mock.Mock(), name, None)
        operations_only = get_queries_and_mutations(document.definitions).values()
        assert measure.aliases == sum(count_fields_with_alias(o, named) for o in operations_only)


async def test_a_document_too_deep_to_parse_is_refused_as_too_deep() -> None:
    # The parser's own depth limit, like its token limit, is a limit: not a syntax error.
    nested = "{ " + "... on Query { " * 400 + "__typename" + " }" * 400 + " }"
    assert [e["code"] for e in await _errors(nested)] == ["QUERY_TOO_DEEP"]
