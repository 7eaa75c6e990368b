"""`first` and `last` are priced as the resolvers serve them, so no combination lowers the cost.

Costs follow cozum.kit.cost: a connection costs 2 plus its page size times each item's cost.
"""

from typing import Any

import pytest

from tests.auth.helpers import error_code, post
from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket

# tickets: 2 + 100 × (edges 1 + node 1 + timeline (2 + 100 × 2)) = 20402
NESTED = "{{ tickets({page}) {{ edges {{ node {{ id timeline({page}) {{ edges {{ node {{ id }} }} }} }} }} }} }}"
NESTED_PRICE = 20402


def _cost_refused(body: dict[str, Any], cost: int) -> bool:
    extensions = body["errors"][0]["extensions"]
    return body["data"] is None and extensions["code"] == "QUERY_TOO_COSTLY" and extensions["cost"] == cost


@pytest.mark.parametrize("page", ["first: 1, last: 100", "last: 100, first: 1", "last: 100"])
async def test_last_is_priced_even_beside_a_smaller_first(client: GraphQLClient, sql_log: SqlLog, page: str) -> None:
    sql_log.clear()
    response = await post(client.http, NESTED.format(page=page))
    assert response.status_code == 400 and _cost_refused(response.json(), NESTED_PRICE)
    assert sql_log.statements == []


async def test_first_and_last_together_are_refused(staff: GraphQLClient) -> None:
    await new_ticket(staff)
    body = await staff.execute("{ tickets(first: 1, last: 2) { edges { node { id } } } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "not both" in body["errors"][0]["message"]


async def test_first_and_last_together_are_refused_in_a_timeline(staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    body = await staff.execute(
        "query($id: ID!) { node(id: $id) { ... on Ticket { timeline(first: 1, last: 1) { totalCount } } } }",
        {"id": ticket["id"]},
    )
    assert body["data"] == {"node": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize("page", ["first: -1", "last: -1"])
async def test_a_negative_page_size_is_refused(staff: GraphQLClient, page: str) -> None:
    body = await staff.execute(f"{{ tickets({page}) {{ edges {{ node {{ id }} }} }} }}")
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_negative_page_cannot_pay_for_a_sibling(staff: GraphQLClient, sql_log: SqlLog) -> None:
    # The review's document: the negative timeline used to be priced at -100000 × 2, so the
    # whole document passed and its costly sibling ran. Priced at 100, it is refused whole.
    ticket = await new_ticket(staff)
    document = """query($id: ID!) {
      node(id: $id) { ... on Ticket { timeline(first: -100000) { edges { node { id } } } } }
      b: tickets(first: 100) { edges { node { id timeline(first: 100) { edges { node { id } } } } } }
    }"""
    sql_log.clear()
    response = await post(staff.http, document, {"id": ticket["id"]})
    # node 1 + timeline (2 + 100 × 2) + the sibling
    assert response.status_code == 400 and _cost_refused(response.json(), 1 + 202 + NESTED_PRICE)
    assert sql_log.statements == []


async def test_a_negative_page_size_in_a_variable_is_priced_at_the_maximum(client: GraphQLClient) -> None:
    query = "query($n: Int) { departments(first: $n) { edges { node { code } } } }"
    body = await client.execute(query, {"n": -5})
    assert body["extensions"]["cost"]["requestedQueryCost"] == 202  # 2 + 100 × 2
    assert error_code(body) == "BAD_REQUEST"


@pytest.mark.parametrize(("page", "cost"), [("last: 3", 8), ("first: 0", 2)])
async def test_sizes_within_the_cap_are_priced_as_given(staff: GraphQLClient, page: str, cost: int) -> None:
    body = await staff.execute(f"{{ tickets({page}) {{ edges {{ node {{ id }} }} }} }}")
    assert "errors" not in body and body["extensions"]["cost"]["requestedQueryCost"] == cost
