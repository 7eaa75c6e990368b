"""One document runs a few mutations at most for anonymous callers, more for staff and keys:
each root field of a mutation runs on its own, so aliases would multiply one request."""

from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.auth.permissions import ApiScope
from cozum.config import Settings
from tests.auth.helpers import make_key
from tests.conftest import http_client, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids

FIELDS = "reference userErrors { code }"


def _aliased_submissions(count: int) -> str:
    fields = " ".join(f"s{i}: submitRequest(input: $i) {{ {FIELDS} }}" for i in range(count))
    return f"mutation($i: SubmitRequestInput!) {{ {fields} }}"


def _aliased_creations(count: int) -> str:
    fields = " ".join(f"c{i}: createTicket(input: $c) {{ ticket {{ id }} userErrors {{ code }} }}" for i in range(count))
    return f"mutation($c: CreateTicketInput!) {{ {fields} }}"


async def _submission(client: GraphQLClient) -> dict[str, Any]:
    categories = await category_ids(client)
    return {"categoryId": categories["GARBAGE"], "description": "Konteyner taşıyor, kokusu sokağı sardı."}


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any], **headers: str) -> httpx.Response:
    return await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)


def _refused(response: httpx.Response, limit: int) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None and len(body["errors"]) == 1
    assert body["errors"][0]["extensions"] == {"code": "TOO_MANY_MUTATIONS", "limit": limit}


async def test_thirty_aliased_submissions_make_no_ticket(client: GraphQLClient, engine: AsyncEngine) -> None:
    variables = {"i": await _submission(client)}
    before = await database_snapshot(engine)
    _refused(await _post(client.http, _aliased_submissions(30), variables), 2)
    assert await database_snapshot(engine) == before


async def test_an_anonymous_document_may_run_two_mutations(client: GraphQLClient) -> None:
    data = await client.data(_aliased_submissions(2), {"i": await _submission(client)})
    assert all(data[f"s{i}"]["reference"] for i in range(2))


async def test_three_is_one_too_many_for_anonymous_callers(client: GraphQLClient, engine: AsyncEngine) -> None:
    variables = {"i": await _submission(client)}
    before = await database_snapshot(engine)
    _refused(await _post(client.http, _aliased_submissions(3), variables), 2)
    assert await database_snapshot(engine) == before


async def test_fragments_and_inline_fragments_at_the_root_are_counted(client: GraphQLClient) -> None:
    document = f"""
    mutation($i: SubmitRequestInput!) {{
      ...Two
      ... on Mutation {{ c: submitRequest(input: $i) {{ {FIELDS} }} }}
    }}
    fragment Two on Mutation {{ ...One b: submitRequest(input: $i) {{ {FIELDS} }} }}
    fragment One on Mutation {{ a: submitRequest(input: $i) {{ {FIELDS} }} }}
    """
    _refused(await _post(client.http, document, {"i": await _submission(client)}), 2)


async def test_a_fragment_spread_twice_runs_its_fields_once(client: GraphQLClient) -> None:
    # Fields with one response key are merged by GraphQL and run once: not three mutations.
    document = f"""
    mutation($i: SubmitRequestInput!) {{ ...One ...One a: submitRequest(input: $i) {{ {FIELDS} }} }}
    fragment One on Mutation {{ a: submitRequest(input: $i) {{ {FIELDS} }} }}
    """
    data = await client.data(document, {"i": await _submission(client)})
    assert data["a"]["reference"]


async def test_the_operation_that_runs_is_the_one_counted(client: GraphQLClient) -> None:
    document = f"""
    mutation Many($i: SubmitRequestInput!) {{ {" ".join(f"s{n}: submitRequest(input: $i) {{ {FIELDS} }}" for n in range(5))} }}
    mutation One($i: SubmitRequestInput!) {{ submitRequest(input: $i) {{ {FIELDS} }} }}
    """
    variables = {"i": await _submission(client)}
    response = await client.http.post("/graphql", json={"query": document, "variables": variables, "operationName": "One"})
    assert response.json()["data"]["submitRequest"]["reference"]
    response = await client.http.post("/graphql", json={"query": document, "variables": variables, "operationName": "Many"})
    _refused(response, 2)


async def test_typename_at_the_root_is_not_a_mutation(client: GraphQLClient) -> None:
    document = f"mutation($i: SubmitRequestInput!) {{ __typename a: __typename submitRequest(input: $i) {{ {FIELDS} }} }}"
    data = await client.data(document, {"i": await _submission(client)})
    assert data["submitRequest"]["reference"]


async def test_queries_are_not_counted(client: GraphQLClient) -> None:
    fields = " ".join(f"d{i}: departments(first: 1) {{ totalCount }}" for i in range(5))
    await client.data(f"{{ {fields} }}")


async def test_an_api_key_may_run_more(app: Any, engine: AsyncEngine, client: GraphQLClient) -> None:
    key = await make_key(engine, "Belediye uygulaması", [ApiScope.SUBMIT, ApiScope.READ_PUBLIC])
    variables = {"i": await _submission(client)}
    async with http_client(app) as http:
        response = await _post(http, _aliased_submissions(5), variables, authorization=f"Bearer {key}")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    assert all(body["data"][f"s{i}"]["reference"] for i in range(5))


async def test_staff_are_held_to_the_larger_limit(database_url: str, engine: AsyncEngine) -> None:
    # The default (50) is more than the alias limit lets a document reach: a smaller one here.
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_GRAPHQL_MAX_MUTATIONS=4)
    application = create_app(database_url, settings)
    staff = await signed_in(application, engine, "operator@example.org", "Ayşe Operatör")
    try:
        categories = await category_ids(staff)
        create = {"channel": "PHONE", "categoryId": categories["NOISE"], "description": "Gece boyu gürültü."}
        data = await staff.data(_aliased_creations(4), {"c": create})
        assert all(data[f"c{i}"]["ticket"] for i in range(4))
        before = await database_snapshot(engine)
        response = await _post(staff.http, _aliased_creations(5), {"c": create}, **staff.headers())
        _refused(response, 4)
        assert await database_snapshot(engine) == before
    finally:
        await staff.http.aclose()
        await application.state.engine.dispose()
