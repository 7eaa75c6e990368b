"""The hub's figures on /metrics follow what it does."""

from typing import Any

from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.fixtures.metrics import scrape
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = "subscription { ticketEvents { cursor } }"


async def test_live_figures_follow_a_console_and_an_event(live: str, staff: GraphQLClient, app: Any) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    before = await scrape(staff.http)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with subscribe(live, EVENTS, cookies=cookies) as events:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "sayaç"}})
        await events.next()
        during = await scrape(staff.http)
    assert during[("cozum_live_subscribers", (("kind", "staff"),))] == 1
    assert during[("cozum_live_listener_connected", ())] == 1
    assert during[("cozum_live_events_total", ())] - before[("cozum_live_events_total", ())] == 1
    direct = ("cozum_live_deliveries_total", (("path", "direct"),))
    assert during[direct] - before[direct] == 1
    assert during[("cozum_live_feed_position", ())] > before[("cozum_live_feed_position", ())]
