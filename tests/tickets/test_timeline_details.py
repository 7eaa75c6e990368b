"""What the console's timeline reads beside each entry: its live cursor and what it recorded."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import serving, subscribe
from tests.tickets.helpers import department_ids, new_ticket
from tests.tickets.queries import ASSIGN, CHANGE_STATUS, ROUTE

TIMELINE = """query($id: ID!) { node(id: $id) { ... on Ticket {
  timeline(first: 20) { edges { node { type cursor details } } } } } }"""


async def test_each_entry_says_what_it_recorded_in_words_not_row_ids(app: Any, engine: AsyncEngine, staff: GraphQLClient) -> None:
    await signed_in(app, engine, "zabita@example.org", "Zeki Zabıta", StaffRole.AGENT, "ZABITA")
    zeki = (await staff.data('{{ assignableStaff(departmentId: "{}") {{ id }} }}'.format((await department_ids(staff))["ZABITA"])))
    ticket = await new_ticket(staff, "NOISE")
    routed = await staff.mutate("routeTicket", ROUTE, {"input": {
        "ticketId": ticket["id"], "departmentId": (await department_ids(staff))["ZABITA"], "expectedVersion": ticket["version"]}})
    await staff.mutate("assignTicket", ASSIGN, {"input": {
        "ticketId": ticket["id"], "assigneeId": zeki["assignableStaff"][0]["id"], "expectedVersion": routed["ticket"]["version"]}})
    fresh = await staff.data("query($id: ID!) { node(id: $id) { ... on Ticket { version } } }", {"id": ticket["id"]})
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "FORWARDED", "institution": "TEDAŞ", "expectedVersion": fresh["node"]["version"]}})
    entries = [e["node"] for e in (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["timeline"]["edges"]]
    assert [(e["type"], e["details"]) for e in entries] == [
        ("CREATED", {"channel": "PHONE"}),
        ("ROUTED", {"department": "ZABITA"}),
        ("ASSIGNED", {"assignee": "Zeki Zabıta"}),
        ("STATUS_CHANGED", {"institution": "TEDAŞ"}),
    ]
    cursors = [int(e["cursor"]) for e in entries]
    assert cursors == sorted(cursors) and len(set(cursors)) == 4


async def test_subscribing_after_an_entrys_cursor_replays_what_followed(app: Any, staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    [created] = [e["node"] for e in (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["timeline"]["edges"]]
    await staff.mutate("routeTicket", ROUTE, {"input": {
        "ticketId": ticket["id"], "departmentId": (await department_ids(staff))["PARK"], "expectedVersion": ticket["version"]}})
    cookies = dict(staff.http.cookies.items())
    async with serving(app) as base, subscribe(
        base, "subscription($f: TicketEventFilter, $a: String) { ticketEvents(filter: $f, after: $a) { event { type details } } }",
        {"f": {"ticketIds": [ticket["id"]]}, "a": created["cursor"]}, cookies=cookies,
    ) as subscription:
        replayed = await subscription.next()
    assert replayed["data"]["ticketEvents"]["event"] == {"type": "ROUTED", "details": {"department": "PARK"}}
