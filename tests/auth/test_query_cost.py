"""Every query is priced from its text before it runs; one over the cap costs the database nothing.

Costs here are worked out by hand from the rule in cozum.kit.cost: an object costs 1, a
connection 2 plus its page size times what each item costs.
"""

from typing import Any

from tests.auth.helpers import error_code, post
from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket

# timeline: 2 + 100 × (edges 1 + node 1) = 202; ticket node 1 + 202; edges 1 + 203;
# tickets: 2 + 100 × 204 = 20402.
COSTLY = "{ tickets(first: 100) { edges { node { timeline(first: 100) { edges { node { id } } } } } } }"
COSTLY_PRICE = 20402
CAP = 1000

# 2 + 5 × (edges 1 + node 1) = 12
SMALL = "{ departments(first: 5) { edges { node { code } } } }"

BY_VARIABLE = "query($first: Int) { departments(first: $first) { edges { node { code } } } }"


def _cost(body: dict[str, Any]) -> int:
    cost: int = body["extensions"]["cost"]["requestedQueryCost"]
    return cost


def _assert_too_costly(body: dict[str, Any], cost: int) -> None:
    assert body["data"] is None
    assert len(body["errors"]) == 1
    assert body["errors"][0]["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": cost, "maximumAvailable": CAP}
    assert f"{cost} points" in body["errors"][0]["message"]


async def test_an_over_costly_query_is_refused_before_any_sql(client: GraphQLClient, sql_log: SqlLog) -> None:
    sql_log.clear()
    response = await post(client.http, COSTLY)
    assert response.status_code == 400
    _assert_too_costly(response.json(), COSTLY_PRICE)
    assert sql_log.statements == []


async def test_an_over_costly_query_from_staff_does_not_even_look_up_the_session(
    staff: GraphQLClient, sql_log: SqlLog
) -> None:
    await new_ticket(staff)
    sql_log.clear()
    response = await post(staff.http, COSTLY)
    assert response.status_code == 400
    _assert_too_costly(response.json(), COSTLY_PRICE)
    assert sql_log.statements == []


async def test_the_same_query_with_small_pages_runs(staff: GraphQLClient) -> None:
    await new_ticket(staff)
    # timeline 2 + 5 × 2 = 12; node 13; edges 14; tickets 2 + 5 × 14 = 72
    body = await staff.execute(COSTLY.replace("100", "5"))
    assert "errors" not in body and _cost(body) == 72
    assert len(body["data"]["tickets"]["edges"]) == 1


async def test_responses_report_their_cost_and_the_cap(client: GraphQLClient) -> None:
    body = await client.execute(SMALL)
    assert "errors" not in body
    assert body["extensions"]["cost"] == {"requestedQueryCost": 12, "maximumAvailable": CAP}


async def test_a_query_costing_exactly_the_cap_runs_and_one_more_point_is_refused(client: GraphQLClient) -> None:
    # 4 × (2 + 100 × 2) + (2 + 95 × 2) = 808 + 192 = 1000
    pages = " ".join(f"p{i}: departments(first: 100) {{ edges {{ node {{ code }} }} }}" for i in range(4))
    at_cap = f"{{ {pages} rest: departments(first: 95) {{ edges {{ node {{ code }} }} }} }}"
    body = await client.execute(at_cap)
    assert "errors" not in body and _cost(body) == CAP
    over = at_cap[:-1] + " me { id } }"  # an object: one point more
    response = await post(client.http, over)
    assert response.status_code == 400
    _assert_too_costly(response.json(), CAP + 1)


async def test_page_sizes_given_as_variables_are_priced(client: GraphQLClient) -> None:
    large = await client.execute(BY_VARIABLE, {"first": 100})
    small = await client.execute(BY_VARIABLE, {"first": 1})
    assert (_cost(large), _cost(small)) == (202, 4)


async def test_a_page_size_left_to_a_variables_default_is_priced(client: GraphQLClient, sql_log: SqlLog) -> None:
    # $n defaults to 100 here, so this is COSTLY by another name and must be refused as such.
    query = """query($n: Int = 100) {
      tickets(first: $n) { edges { node { timeline(first: $n) { edges { node { id } } } } } } }"""
    sql_log.clear()
    response = await post(client.http, query)
    assert response.status_code == 400
    _assert_too_costly(response.json(), COSTLY_PRICE)
    assert sql_log.statements == []


async def test_fragment_spreads_are_priced(client: GraphQLClient) -> None:
    body = await client.execute("""
      query { ...Pages }
      fragment Pages on Query { departments(first: 10) { edges { node { ...Code } } } }
      fragment Code on Department { code }""")
    assert "errors" not in body and _cost(body) == 22  # 2 + 10 × 2


async def test_an_over_costly_query_hidden_in_a_fragment_is_refused(client: GraphQLClient, sql_log: SqlLog) -> None:
    sql_log.clear()
    response = await post(client.http, """
      { tickets(first: 100) { edges { node { ...History } } } }
      fragment History on Ticket { timeline(first: 100) { edges { node { id } } } }""")
    assert response.status_code == 400
    _assert_too_costly(response.json(), COSTLY_PRICE)
    assert sql_log.statements == []


async def test_inline_fragments_are_priced(staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    body = await staff.execute(
        "query($id: ID!) { node(id: $id) { ... on Ticket { timeline(first: 50) { edges { node { id } } } } } }",
        {"id": ticket["id"]},
    )
    assert "errors" not in body and _cost(body) == 103  # node 1 + timeline (2 + 50 × 2)


async def test_an_over_costly_query_hidden_in_an_inline_fragment_is_refused(client: GraphQLClient) -> None:
    response = await post(client.http, """
      { tickets(first: 100) { edges { node { ... on Ticket { timeline(first: 100) { edges { node { id } } } } } } } }""")
    assert response.status_code == 400 and error_code(response.json()) == "QUERY_TOO_COSTLY"
    _assert_too_costly(response.json(), COSTLY_PRICE)


async def test_a_default_is_taken_from_the_operation_that_runs(client: GraphQLClient, sql_log: SqlLog) -> None:
    # Another operation in the same document declares $n with a small default; it must not
    # lend that default to the operation actually run.
    document = """
      query Big($n: Int = 100) { tickets(first: $n) { edges { node { timeline(first: $n) { edges { node { id } } } } } } }
      query Small($n: Int = 1) { departments(first: $n) { totalCount } }"""
    sql_log.clear()
    response = await client.http.post("/graphql", json={"query": document, "operationName": "Big"})
    assert response.status_code == 400
    _assert_too_costly(response.json(), COSTLY_PRICE)
    assert sql_log.statements == []
