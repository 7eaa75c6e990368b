"""Listing tickets: constant query count, keyset pages, filters and ordering."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, department_ids, new_ticket
from tests.tickets.queries import ASSIGN, CHANGE_STATUS, NOTE

PAGE = """
query($first: Int!, $after: String) {
  tickets(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor startCursor }
    edges { cursor node {
      reference status
      department { code name }
      category { code name department { code } }
      assignee { name department { code } }
      contact { name phone }
      lastEvent { type actor { name } }
    } }
  }
}
"""

CATEGORY_CYCLE = ["ROAD_POTHOLE", "NOISE", "TREE", "GARBAGE", "STRAY_ANIMAL", "PEST", "SIDEWALK"]


async def _many_tickets(staff: GraphQLClient, count: int) -> list[dict[str, Any]]:
    me = (await staff.data("{ me { id } }"))["me"]["id"]
    tickets = []
    for i in range(count):
        ticket = await new_ticket(
            staff, CATEGORY_CYCLE[i % len(CATEGORY_CYCLE)],
            contact={"name": f"Vatandaş {i}", "phone": f"+90532{i:07d}"},
        )
        if i % 2 == 0:
            await staff.mutate("assignTicket", ASSIGN, {"input": {"ticketId": ticket["id"], "assigneeId": me}})
        if i % 3 == 0:
            await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "Ekip yönlendirildi."}})
        tickets.append(ticket)
    return tickets


async def test_a_page_of_tickets_costs_a_constant_number_of_queries(staff: GraphQLClient, sql_log: SqlLog) -> None:
    await _many_tickets(staff, 50)
    counts = {}
    for size in (5, 50):
        sql_log.clear()
        data = await staff.data(PAGE, {"first": size})
        assert len(data["tickets"]["edges"]) == size
        counts[size] = len(sql_log.statements)
    assert counts[5] == counts[50], sql_log.statements
    # session lookup, page, count, and one batch each for departments, categories, users,
    # contacts and last events (users are loaded in a second batch for the event actors).
    assert counts[50] <= 10, sql_log.statements


async def test_pages_follow_each_other_without_gaps_or_repeats(staff: GraphQLClient) -> None:
    created = await _many_tickets(staff, 7)
    seen: list[str] = []
    after = None
    while True:
        page = (await staff.data(PAGE, {"first": 3, "after": after}))["tickets"]
        seen += [e["node"]["reference"] for e in page["edges"]]
        assert page["totalCount"] == 7
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [t["reference"] for t in reversed(created)]


async def test_backward_pagination_with_last_and_before(staff: GraphQLClient) -> None:
    created = await _many_tickets(staff, 5)
    query = """query($before: String) { tickets(last: 2, before: $before) {
      pageInfo { hasPreviousPage hasNextPage startCursor } edges { node { reference } } } }"""
    first_page = (await staff.data(PAGE, {"first": 5}))["tickets"]
    last_cursor = first_page["edges"][-1]["cursor"]
    page = (await staff.data(query, {"before": last_cursor}))["tickets"]
    newest_first = [t["reference"] for t in reversed(created)]
    assert [e["node"]["reference"] for e in page["edges"]] == newest_first[2:4]
    assert page["pageInfo"]["hasPreviousPage"] is True and page["pageInfo"]["hasNextPage"] is True


FILTERED = """
query($filter: TicketFilter, $orderBy: TicketOrder) {
  tickets(first: 50, filter: $filter, orderBy: $orderBy) { totalCount edges { node { reference status channel dueAt } } }
}
"""


async def _filtered(staff: GraphQLClient, filter_: dict[str, Any], order: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    data = await staff.data(FILTERED, {"filter": filter_, "orderBy": order})
    assert data["tickets"]["totalCount"] == len(data["tickets"]["edges"])
    return [e["node"] for e in data["tickets"]["edges"]]


@pytest.fixture
async def mixed(staff: GraphQLClient) -> dict[str, dict[str, Any]]:
    return {
        "pothole": await new_ticket(staff, "ROAD_POTHOLE", channel="PETITION", channelReference="E-2026-118"),
        "noise": await new_ticket(staff, "NOISE", description="Gece yarısı düğün salonundan yüksek müzik sesi geliyor."),
        "info": await new_ticket(
            staff, "INFO_REQUEST", requestType="INFORMATION", channel="EMAIL",
            description="2025 yılı asfalt harcamalarını öğrenmek istiyorum.",
        ),
        "tree": await new_ticket(
            staff, "TREE", description="Parktaki ağaç devrildi.", location={"neighbourhood": "Fatih Mahallesi"},
        ),
    }


async def test_filter_by_status_department_category_channel_and_type(
    staff: GraphQLClient, mixed: dict[str, dict[str, Any]]
) -> None:
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": mixed["noise"]["id"], "status": "RESOLVED", "expectedVersion": 1, "reason": "Uyarıldı."}})
    departments, categories = await department_ids(staff), await category_ids(staff)
    refs = lambda rows: {r["reference"] for r in rows}  # noqa: E731
    assert refs(await _filtered(staff, {"status": ["RESOLVED"]})) == {mixed["noise"]["reference"]}
    assert refs(await _filtered(staff, {"open": False})) == {mixed["noise"]["reference"]}
    assert refs(await _filtered(staff, {"departmentIds": [departments["PARK"]]})) == {mixed["tree"]["reference"]}
    assert refs(await _filtered(staff, {"categoryIds": [categories["ROAD_POTHOLE"]]})) == {mixed["pothole"]["reference"]}
    assert refs(await _filtered(staff, {"channels": ["PETITION", "EMAIL"]})) == {
        mixed["pothole"]["reference"], mixed["info"]["reference"]}
    assert refs(await _filtered(staff, {"requestTypes": ["INFORMATION"]})) == {mixed["info"]["reference"]}
    assert refs(await _filtered(staff, {"neighbourhood": "Fatih Mahallesi"})) == {mixed["tree"]["reference"]}


async def test_text_search_uses_turkish_stemming(staff: GraphQLClient, mixed: dict[str, dict[str, Any]]) -> None:
    # "müziği" and "müzik" share a stem; "çukurlar" matches "çukur".
    assert {r["reference"] for r in await _filtered(staff, {"text": "müziği"})} == {mixed["noise"]["reference"]}
    assert {r["reference"] for r in await _filtered(staff, {"text": "çukurlar"})} == {mixed["pothole"]["reference"]}
    assert [r["reference"] for r in await _filtered(staff, {"text": mixed["tree"]["reference"].lower()})] == [
        mixed["tree"]["reference"]]


async def test_date_range_and_overdue_filters(staff: GraphQLClient, mixed: dict[str, dict[str, Any]], db: Any) -> None:
    from sqlalchemy import text

    await db.execute(text("UPDATE tickets SET due_at = now() - interval '1 hour' WHERE reference = :r"),
                     {"r": mixed["noise"]["reference"]})
    await db.execute(text("UPDATE tickets SET created_at = '2025-01-10T10:00:00+03' WHERE reference = :r"),
                     {"r": mixed["tree"]["reference"]})
    await db.commit()
    assert [r["reference"] for r in await _filtered(staff, {"overdue": True})] == [mixed["noise"]["reference"]]
    assert len(await _filtered(staff, {"overdue": False})) == 3
    old = await _filtered(staff, {"createdBefore": "2025-02-01T00:00:00+00:00"})
    assert [r["reference"] for r in old] == [mixed["tree"]["reference"]]
    assert len(await _filtered(staff, {"createdAfter": "2025-02-01T00:00:00+00:00"})) == 3


async def test_order_by_due_date_puts_tickets_without_one_last(
    staff: GraphQLClient, mixed: dict[str, dict[str, Any]]
) -> None:
    rows = await _filtered(staff, {}, {"field": "DUE_AT", "direction": "ASC"})
    due = [r["dueAt"] for r in rows]
    with_due = [d for d in due if d is not None]
    assert with_due == sorted(with_due) and due[: len(with_due)] == with_due


async def test_anonymous_callers_cannot_list_tickets(client: GraphQLClient, staff: GraphQLClient) -> None:
    await new_ticket(staff)
    body = await client.execute("{ tickets(first: 5) { totalCount } }")
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_AUTHENTICATED"


@pytest.mark.parametrize(
    ("where", "index"),
    [("", "ix_tickets_due_order"), ("WHERE department_id = 1", "ix_tickets_department_due_order")],
)
async def test_ordering_by_due_date_is_served_by_an_index(db: AsyncSession, where: str, index: str) -> None:
    """At millions of tickets a page ordered by due date must not sort the whole table: the
    query's expression is exactly the one an index holds."""
    from sqlalchemy import text

    from cozum.tickets.models import DUE_ORDER_SQL

    await db.execute(text("SET LOCAL enable_sort = off"))
    await db.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join((await db.execute(text(
        f"EXPLAIN SELECT id FROM tickets {where} ORDER BY {DUE_ORDER_SQL}, id LIMIT 21"
    ))).scalars())
    assert index in plan and "Sort" not in plan, plan
