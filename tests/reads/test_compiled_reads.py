"""The compiled read path answers exactly what the resolvers answer, in one statement.

Two apps on the same database: one answers the documents it knows in SQL (the default), the
other with COZUM_COMPILED_READS off, through every resolver. Each document below goes to both
as the same caller; the bodies must be equal byte for byte once parsed, keys in the same order.
"""

from datetime import UTC, datetime
from typing import Any

import pytest

from cozum.auth.actor import Actor
from cozum.auth.models import StaffRole
from cozum.kit.relay import to_global_id
from cozum.tickets.enums import IntakeChannel, RequestType, TicketStatus
from cozum.tickets.inputs import TicketFilter
from cozum.tickets.models import Ticket
from cozum.tickets.queries import matching
from tests.reads.conftest import Pair, submitted

QUEUE_ROW = """fragment QueueRow on Ticket {
  id reference title status version priority channel createdAt dueAt overdue closedAt
  category { id nameTr nameEn department { id } }
  department { id code nameTr nameEn }
  assignee { id name }
}"""

CONSOLE = """query QueueTickets($filter: TicketFilter, $orderBy: TicketOrder, $first: Int, $after: String) {
  tickets(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { node { ...QueueRow } }
    pageInfo { hasNextPage endCursor }
  }
}
""" + QUEUE_ROW

EVERYTHING = """query Everything($first: Int, $after: String, $withEvent: Boolean!, $lang: Language!) {
  __typename
  page: tickets(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: ASC}) {
    __typename
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
    edges {
      __typename cursor
      node {
        __typename id ... on Ticket { reference requestType replyChannel channelReference }
        description resolution forwardedTo legalDueAt onHoldSince updatedAt
        label: statusLabel(language: $lang) statusLabel
        location { latitude longitude address neighbourhood __typename }
        lastEvent @include(if: $withEvent) { id type actorLabel public fromStatus toStatus message createdAt cursor }
        assignee @skip(if: $withEvent) { id name active department { id name(language: $lang) } }
        category { code slaHours remit externalInstitution defaultPriority active name(language: $lang) }
      }
    }
    count: totalCount
  }
  open: tickets(first: 3, filter: {open: true}) { edges { cursor node { reference } } }
}"""

BENCH_QUEUE = """query QueuePage($filter: TicketFilter) {
  tickets(first: 50, orderBy: {field: CREATED_AT, direction: DESC}, filter: $filter) {
    edges { node {
      id reference status priority title channel createdAt updatedAt dueAt
      department { id nameTr } category { id nameTr } assignee { id name } lastEvent { type createdAt }
    } }
  }
}"""


async def test_the_consoles_queue_page_and_the_next_are_one_statement_each(operator: Pair) -> None:
    first = await operator.both(CONSOLE, {"first": 50})
    assert len(operator.ran) == 1
    page = first["data"]["tickets"]
    assert len(page["edges"]) == 50 and page["totalCount"] == 150 and page["pageInfo"]["hasNextPage"]
    after = page["pageInfo"]["endCursor"]
    second = await operator.both(CONSOLE, {"first": 50, "after": after})
    assert len(operator.ran) == 1
    assert {e["node"]["id"] for e in second["data"]["tickets"]["edges"]}.isdisjoint(
        e["node"]["id"] for e in page["edges"])


@pytest.mark.parametrize("variables", [
    {"filter": {"open": True}},
    {"filter": {"open": False, "channels": ["PHONE", "WHATSAPP"]}},
    {"filter": {"status": ["RESOLVED"]}, "orderBy": {"field": "DUE_AT", "direction": "ASC"}, "first": 7},
    {"filter": {"overdue": True}},
    {"filter": {"overdue": False}, "orderBy": {"field": "UPDATED_AT", "direction": "DESC"}},
    {"filter": {"unassigned": True}, "first": 100},
    {"filter": {"text": "çukur"}},
    {"filter": {"contact": "+90 532 000 00 00"}},
    {"filter": {"createdAfter": "2000-01-01T00:00:00Z", "requestTypes": ["COMPLAINT"]}},
    {"first": 0},
])
async def test_filters_orders_and_sizes_give_what_the_resolvers_give(operator: Pair, variables: dict[str, Any]) -> None:
    await operator.both(CONSOLE, variables)
    assert len(operator.ran) == 1


async def test_every_field_it_knows_aliases_fragments_and_directives(operator: Pair) -> None:
    for with_event, lang in ((True, "EN"), (False, "TR")):
        body = await operator.both(EVERYTHING, {"first": 20, "withEvent": with_event, "lang": lang})
        assert len(operator.ran) == 1 and body["data"]["__typename"] == "Query"
        cursor = body["data"]["page"]["pageInfo"]["endCursor"]
        later = await operator.both(EVERYTHING, {"first": 20, "after": cursor, "withEvent": with_event, "lang": lang})
        assert later["data"]["page"]["pageInfo"]["hasPreviousPage"] is True


async def test_the_benchmarks_queue_page(operator: Pair) -> None:
    body = await operator.both(BENCH_QUEUE)
    assert len(operator.ran) == 1 and all(e["node"]["lastEvent"] for e in body["data"]["tickets"]["edges"])


async def test_a_filter_of_ids_and_statuses_is_written_into_the_statement_and_text_is_bound(operator: Pair) -> None:
    """So that PostgreSQL plans the filtered page once, not at every execution (reads/tickets_page.py)."""
    # RESOLVED: the demo's open tickets move with the clock, and some days Fen İşleri has none NEW or ROUTED.
    by_department = {"filter": {"departmentIds": [to_global_id("Department", 1)], "status": ["ROUTED", "RESOLVED"]}}
    body = await operator.both(BENCH_QUEUE, by_department)
    assert body["data"]["tickets"]["edges"] and "$1" not in operator.ran[0]
    assert "department_id IN (1)" in operator.ran[0] and "status IN ('ROUTED', 'RESOLVED')" in operator.ran[0]
    await operator.both(BENCH_QUEUE, {"filter": {"text": "çukur'; DROP TABLE tickets; --"}})
    assert "$1" in operator.ran[0] and "DROP" not in operator.ran[0]


async def test_a_department_agent_gets_the_departments_tickets_alone(operator: Pair, agent: Pair) -> None:
    everyone = (await operator.both(CONSOLE, {"first": 100}))["data"]["tickets"]
    theirs = (await agent.both(CONSOLE, {"first": 100}))["data"]["tickets"]
    assert len(agent.ran) == 1
    assert 0 < theirs["totalCount"] < everyone["totalCount"]
    assert {e["node"]["department"]["code"] for e in theirs["edges"]} == {"FEN"}


@pytest.mark.parametrize("query, variables", [
    (CONSOLE, {"after": "not-a-cursor"}),
    (CONSOLE, {"first": 101}),
    (CONSOLE, {"filter": {"departmentIds": ["bm90LWFuLWlk"]}}),
    ("{ tickets(last: 5) { edges { node { reference } } pageInfo { hasPreviousPage } } }", {}),
    ("{ tickets(first: 2) { edges { node { reference contact { id } } } } }", {}),
    ("{ tickets(first: 2) { edges { node { reference } } } me { name } }", {}),
])
async def test_what_it_does_not_compile_the_resolvers_answer(operator: Pair, query: str, variables: dict[str, Any]) -> None:
    await operator.both(query, variables)
    assert operator.ran == []


async def test_a_caller_without_the_permission_gets_the_resolvers_refusal(anonymous: Pair) -> None:
    body = await anonymous.both(CONSOLE, {})
    assert anonymous.ran == [] and body["errors"][0]["extensions"]["code"] == "NOT_AUTHENTICATED"


TRACK_ALL = """query Track($reference: String!, $secret: String!, $lang: Language!) {
  trackRequest(reference: $reference, secret: $secret) {
    __typename reference requestType status title description createdAt updatedAt dueAt closedAt
    resolution forwardedTo canReopen statusLabel en: statusLabel(language: $lang)
    categoryName departmentName(language: $lang)
    location { latitude longitude address neighbourhood __typename }
    timeline { __typename type status message at statusLabel label: statusLabel(language: $lang) }
  }
}"""

REJECT = """mutation($input: ChangeTicketStatusInput!) {
  changeTicketStatus(input: $input) { ticket { status } userErrors { code message } }
}"""


async def test_tracking_a_request_new_and_closed_is_one_statement(anonymous: Pair, operator: Pair) -> None:
    given = await submitted(anonymous, {"latitude": 41.0, "longitude": 28.9784, "address": "Fatih"})
    bare = await submitted(anonymous, None)
    for credentials in (given, bare):
        body = await anonymous.both(TRACK_ALL, {**credentials, "lang": "EN"})
        assert len(anonymous.ran) == 1 and body["data"]["trackRequest"]["reference"] == credentials["reference"]
    newest = (await operator.compiled.data("{ tickets(first: 1) { edges { node { id version } } } }"))["tickets"]
    ticket = newest["edges"][0]["node"]
    await operator.compiled.mutate("changeTicketStatus", REJECT, {"input": {
        "ticketId": ticket["id"], "status": "REJECTED", "expectedVersion": ticket["version"], "reason": "Özel mülk.",
    }})
    closed = (await anonymous.both(TRACK_ALL, {**bare, "lang": "TR"}))["data"]["trackRequest"]
    assert closed["canReopen"] is True and closed["timeline"][-1]["message"] == "Özel mülk."
    assert closed["location"] is None and len(anonymous.ran) == 1


@pytest.mark.parametrize("change", [
    {"secret": "not-the-secret"}, {"reference": "TST-1999-000001"}, {"reference": " tst-x "}, {"secret": "s" * 101},
])
async def test_a_wrong_secret_or_reference_is_null_as_from_the_resolver(anonymous: Pair, change: dict[str, str]) -> None:
    credentials = await submitted(anonymous, None)
    body = await anonymous.both(TRACK_ALL, {**credentials, **change, "lang": "TR"})
    assert body["data"]["trackRequest"] is None


async def test_tracking_with_what_it_does_not_compile_goes_to_the_resolvers(anonymous: Pair) -> None:
    credentials = await submitted(anonymous, None)
    query = "query($reference: String!, $secret: String!) { trackRequest(reference: $reference, secret: $secret) { status satisfaction { score } } }"
    await anonymous.both(query, credentials)
    assert anonymous.ran == []


def test_every_filter_is_a_where_clause_on_the_tickets_table_alone() -> None:
    """The compiled page takes the filter's WHERE clause and nothing else (reads/tickets_page.py)."""
    every = TicketFilter(
        status=[TicketStatus.NEW], open=True, department_ids=[to_global_id("Department", 1)],
        category_ids=[to_global_id("Category", 1)], channels=[IntakeChannel.PHONE], request_types=[RequestType.COMPLAINT],
        assignee_ids=[to_global_id("StaffUser", 1)], unassigned=True, contact_id=to_global_id("Contact", 1),
        contact="0532 111 22 33", neighbourhood="Fatih", text="çukur", created_after=datetime(2020, 1, 1, tzinfo=UTC),
        created_before=datetime(2030, 1, 1, tzinfo=UTC), overdue=True,
    )
    for actor in (Actor.of_staff(1, "Ayşe", StaffRole.OPERATOR, None), Actor.of_staff(2, "Can", StaffRole.AGENT, 3)):
        assert matching(actor, every).get_final_froms() == [Ticket.__table__]


def test_a_filter_with_a_subquery_or_text_keeps_its_values_bound() -> None:
    """Compiled on its own, a correlated subquery would lose its correlation to the page's row
    (reads/tickets_page.py writes only ids and enum members into the statement)."""
    from sqlalchemy import exists, select

    from cozum.contacts.models import Contact
    from cozum.reads.tickets_page import _written_in

    tickets = Ticket.__table__.c  # type: ignore[attr-defined]
    correlated = exists(select(Contact.id).where(Contact.id == tickets.contact_id, Contact.id > 5))
    ids_only = tickets.department_id.in_([1, 2]) & tickets.status.in_([TicketStatus.NEW])
    for kept in (correlated & ids_only, tickets.neighbourhood == "Fatih", tickets.created_at >= datetime(2020, 1, 1, tzinfo=UTC)):
        assert _written_in(kept) is kept
    assert "IN (1, 2)" in str(_written_in(ids_only))
