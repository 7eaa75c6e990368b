"""Depth, alias, field, length and token limits hold, and the document cache still works with them."""

from typing import Any
from unittest import mock

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.schema import schema as strawberry_schema

from cozum.kit import document_guard
from tests.auth.helpers import post
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot


def _deep_query(depth: int) -> str:
    inner = "id"
    for _ in range(depth):
        inner = f"duplicateOf {{ {inner} }}"
    return f"{{ tickets(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


async def _refused(http: httpx.AsyncClient, query: str, code: str) -> dict[str, Any]:
    response = await post(http, query)
    assert response.status_code == 400, response.text
    body: dict[str, Any] = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == code, body
    return body


async def test_query_over_the_depth_limit_is_refused(staff: GraphQLClient) -> None:
    body = await _refused(staff.http, _deep_query(12), "QUERY_TOO_DEEP")
    assert "exceeds maximum operation depth of 12" in body["errors"][0]["message"]


async def test_query_within_the_depth_limit_runs(staff: GraphQLClient) -> None:
    body = await staff.execute(_deep_query(5))
    assert "errors" not in body


def _deep_through_fragments(fragments: int) -> str:
    """tickets, edges, node, then three levels per fragment: 3 + 3 × fragments deep."""
    chain = " ".join(
        f"fragment D{i} on Ticket {{ duplicateOf {{ duplicateOf {{ duplicateOf {{ ...D{i + 1} }} }} }} }}"
        for i in range(fragments)
    )
    return f"{{ tickets(first: 1) {{ edges {{ node {{ ...D0 }} }} }} }} {chain} fragment D{fragments} on Ticket {{ id }}"


async def test_depth_through_fragments_counts_as_if_written_inline(staff: GraphQLClient) -> None:
    assert "errors" not in await staff.execute(_deep_through_fragments(3))  # 12: the limit
    await _refused(staff.http, _deep_through_fragments(4), "QUERY_TOO_DEEP")


async def test_mutation_over_the_depth_limit_writes_nothing(client: GraphQLClient, engine: AsyncEngine) -> None:
    before = await database_snapshot(engine)
    nested = "id " + "".join("duplicateOf { " for _ in range(12)) + "id" + " }" * 12
    document = f"""mutation {{ createTicket(input: {{channel: PHONE, categoryId: "Q2F0ZWdvcnk6MQ",
      description: "x"}}) {{ ticket {{ {nested} }} userErrors {{ code }} }} }}"""
    await _refused(client.http, document, "QUERY_TOO_DEEP")
    assert await database_snapshot(engine) == before


async def test_too_many_aliases_are_refused(client: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: departments {{ totalCount }}" for i in range(31))
    body = await _refused(client.http, f"{{ {aliases} }}", "QUERY_TOO_COMPLEX")
    assert "aliases" in body["errors"][0]["message"]


async def test_aliases_count_again_at_every_spread_of_their_fragment(client: GraphQLClient) -> None:
    # 10 aliases, spread three times: 30 pass, as they did; a fourth spread makes 40.
    fragment = "fragment A on Query { " + " ".join(f"a{i}: __typename" for i in range(10)) + " }"
    assert "errors" not in await client.execute("{ ...A ...A ...A } " + fragment)
    await _refused(client.http, "{ ...A ...A ...A ...A } " + fragment, "QUERY_TOO_COMPLEX")


async def test_a_document_expanding_past_the_field_limit_is_refused(client: GraphQLClient) -> None:
    # 2 fields at the end of a chain of fragments that each spread the next 4 times:
    # 2 × 4^4 = 512 fields pass (costing 512), 2 × 4^5 = 2,048 do not.
    def spreading(levels: int) -> str:
        fragments = [f"fragment F{i} on Query {{ " + " ".join([f"...F{i + 1}"] * 4) + " }" for i in range(levels)]
        leaf = f"fragment F{levels} on Query {{ departments(first: 1) {{ totalCount }} }}"
        return "{ ...F0 } " + " ".join(fragments) + " " + leaf

    assert "errors" not in await client.execute(spreading(4))
    body = await _refused(client.http, spreading(5), "QUERY_TOO_COMPLEX")
    assert "more than 2000 fields" in body["errors"][0]["message"]


async def test_too_many_tokens_are_refused_before_parsing_finishes(client: GraphQLClient) -> None:
    fields = " ".join("__typename" for _ in range(2100))
    body = await _refused(client.http, f"{{ {fields} }}", "QUERY_TOO_LARGE")
    assert "token" in body["errors"][0]["message"].lower()


async def test_too_many_comments_are_refused(client: GraphQLClient) -> None:
    await _refused(client.http, "{ __typename }" + "\n#" * 2100, "QUERY_TOO_LARGE")


async def test_a_document_longer_than_the_limit_is_refused_before_it_is_read(client: GraphQLClient) -> None:
    # One comment is one token: only the length limit stands in the way of a huge one.
    with mock.patch.object(strawberry_schema, "parse", wraps=strawberry_schema.parse) as parse:
        body = await _refused(client.http, "{ __typename }\n#" + "x" * 200_000, "QUERY_TOO_LARGE")
    assert "100000" in body["errors"][0]["message"]
    assert len(parse.call_args.args[0]) == 100_001  # the rest was never handed to the lexer


async def test_repeated_documents_are_parsed_and_validated_once(client: GraphQLClient) -> None:
    # A document no other test sends, so the first request must miss the cache.
    query = "{ departments(first: 3) { totalCount } cacheProbe: categories(first: 1) { totalCount } }"
    with (
        mock.patch.object(document_guard, "validate", wraps=document_guard.validate) as validate,
        mock.patch.object(strawberry_schema, "parse", wraps=strawberry_schema.parse) as parse,
    ):
        for _ in range(4):
            await client.data(query)
    assert (parse.call_count, validate.call_count) == (1, 1)
