"""A ticket's page, `node(id:)` with its timeline, in one statement: what the resolvers answer,
page by page, for every caller (tests/reads/test_compiled_reads.py says how it is compared)."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.kit.pagination import encode_cursor
from cozum.kit.relay import to_global_id
from tests.reads.conftest import Pair
from tests.reads.test_statements_per_request import DETAIL

PAGED = """query Detail($id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) {
    __typename id
    ... on Ticket {
      reference status version
      timeline(first: $first, after: $after, last: $last, before: $before) {
        __typename totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { __typename cursor node { __typename id cursor type actorLabel public fromStatus toStatus message createdAt } }
      }
    }
    ... on Department { code }
  }
}"""


@pytest.fixture
async def busiest(engine: AsyncEngine) -> tuple[str, list[int]]:
    """The demo ticket with the longest timeline, and its entries' ids, oldest first."""
    async with engine.connect() as conn:
        ticket = (await conn.execute(text(
            "SELECT ticket_id FROM ticket_events GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"))).scalar_one()
        events = (await conn.execute(text(
            "SELECT id FROM ticket_events WHERE ticket_id = :t ORDER BY id"), {"t": ticket})).scalars().all()
    assert len(events) >= 6, "the demo's busiest ticket has a timeline to page through"
    return to_global_id("Ticket", ticket), list(events)


async def test_the_benchmarks_ticket_detail_is_one_statement(operator: Pair, busiest: tuple[str, list[int]]) -> None:
    body = await operator.both(DETAIL, {"id": busiest[0]})
    assert len(body["data"]["node"]["timeline"]["edges"]) == len(busiest[1]) and len(operator.ran) == 1


def _pages(events: list[int]) -> list[dict[str, Any]]:
    cursor = [encode_cursor([e, e]) for e in events]
    return [
        {}, {"first": 0}, {"last": 0}, {"first": 2}, {"first": 2, "after": cursor[1]}, {"first": 100, "after": cursor[2]},
        {"last": 3}, {"last": 2, "before": cursor[-2]}, {"before": cursor[3]}, {"after": cursor[-1]},
        {"first": 2, "after": cursor[0], "before": cursor[4]}, {"last": 2, "after": cursor[0], "before": cursor[4]},
        # A cursor written by hand compares as the pair it is: (id, id) > (e3, e1) from e3 on.
        {"first": 3, "after": encode_cursor([events[3], events[1]])},
    ]


async def test_every_page_of_a_timeline_forward_and_backward(operator: Pair, busiest: tuple[str, list[int]]) -> None:
    ticket, events = busiest
    for variables in _pages(events):
        body = await operator.both(PAGED, {"id": ticket, **variables})
        assert body["data"]["node"]["reference"] and len(operator.ran) == 1, variables


async def test_another_departments_ticket_and_an_anonymous_caller_get_null(
    agent: Pair, anonymous: Pair, engine: AsyncEngine,
) -> None:
    async with engine.connect() as conn:
        own, other = (await conn.execute(text(
            "SELECT min(tickets.id) FILTER (WHERE d.code = 'FEN'), min(tickets.id) FILTER (WHERE d.code <> 'FEN')"
            " FROM tickets JOIN departments AS d ON d.id = tickets.department_id"))).one()
    assert (await agent.both(PAGED, {"id": to_global_id("Ticket", own)}))["data"]["node"]["id"]
    for pair, pk in ((agent, other), (anonymous, own)):
        assert (await pair.both(PAGED, {"id": to_global_id("Ticket", pk)}))["data"]["node"] is None
        assert len(pair.ran) == 1


@pytest.mark.parametrize(("id_of", "variables", "query"), [
    (lambda t: to_global_id("Department", 1), {}, PAGED),  # another type's node
    (lambda t: "not-an-id", {}, PAGED),
    (lambda t: to_global_id("Ticket", 2**40), {}, PAGED),  # beyond the tickets' ids
    (lambda t: t, {"first": 1, "last": 1}, PAGED),
    (lambda t: t, {"first": 101}, PAGED),
    (lambda t: t, {"after": "bm90LWEtY3Vyc29y"}, PAGED),
    (lambda t: t, {}, "query($id: ID!) { node(id: $id) { ... on Ticket { timeline { edges { node { details } } } } } }"),
    (lambda t: t, {}, "query($id: ID!) { node(id: $id) { ... on Ticket { contact { name } } } }"),
])
async def test_what_it_does_not_compile_goes_to_the_resolvers(
    operator: Pair, busiest: tuple[str, list[int]], id_of: Any, variables: dict[str, Any], query: str,
) -> None:
    await operator.both(query, {"id": id_of(busiest[0]), **variables})
    assert operator.ran == []


@pytest.mark.parametrize("selection", [
    "totalCount", "__typename", "pageInfo { hasPreviousPage }", "edges { cursor }", "a: totalCount b: edges { node { id } }",
])
async def test_a_timeline_of_any_selection_is_one_object(operator: Pair, busiest: tuple[str, list[int]], selection: str) -> None:
    query = f"query($id: ID!) {{ node(id: $id) {{ ... on Ticket {{ timeline(last: 3) {{ {selection} }} }} }} }}"
    assert (await operator.both(query, {"id": busiest[0]}))["data"]["node"]["timeline"] and len(operator.ran) == 1
