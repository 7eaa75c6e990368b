"""Depth, alias and token limits hold, and the validation cache still works with them."""

from unittest import mock

from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.schema import schema as strawberry_schema

from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot


def _deep_query(depth: int) -> str:
    inner = "id"
    for _ in range(depth):
        inner = f"duplicateOf {{ {inner} }}"
    return f"{{ tickets(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


async def test_query_over_the_depth_limit_is_refused(staff: GraphQLClient) -> None:
    body = await staff.execute(_deep_query(12))
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_query_within_the_depth_limit_runs(staff: GraphQLClient) -> None:
    body = await staff.execute(_deep_query(5))
    assert "errors" not in body


async def test_mutation_over_the_depth_limit_writes_nothing(client: GraphQLClient, engine: AsyncEngine) -> None:
    before = await database_snapshot(engine)
    nested = "id " + "".join("duplicateOf { " for _ in range(12)) + "id" + " }" * 12
    document = f"""mutation {{ createTicket(input: {{channel: PHONE, categoryId: "Q2F0ZWdvcnk6MQ",
      description: "x"}}) {{ ticket {{ {nested} }} userErrors {{ code }} }} }}"""
    body = await client.execute(document)
    assert body["data"] is None and body["errors"]
    assert await database_snapshot(engine) == before


async def test_too_many_aliases_are_refused(client: GraphQLClient) -> None:
    aliases = " ".join(f"a{i}: departments {{ totalCount }}" for i in range(31))
    body = await client.execute(f"{{ {aliases} }}")
    assert body["data"] is None and "aliases" in body["errors"][0]["message"]


async def test_too_many_tokens_are_refused_before_parsing_finishes(client: GraphQLClient) -> None:
    fields = " ".join("__typename" for _ in range(2100))
    body = await client.execute(f"{{ {fields} }}")
    assert body["data"] is None and "token" in body["errors"][0]["message"].lower()


async def test_repeated_documents_are_validated_once(client: GraphQLClient) -> None:
    # A document no other test sends, so the first request must miss the cache.
    query = "{ departments(first: 3) { totalCount } cacheProbe: categories(first: 1) { totalCount } }"
    with mock.patch.object(strawberry_schema, "validate", wraps=strawberry_schema.validate) as validate:
        for _ in range(4):
            await client.data(query)
    # The rule classes are built once, so the cache key is stable: validated on the first
    # request only (a rule class per request would validate all four times).
    assert validate.call_count == 1
