"""Staff consoles hear about ticket changes as they commit."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import CHANGE_STATUS, NOTE

EVENTS = """subscription($after: String, $filter: TicketEventFilter) {
  ticketEvents(after: $after, filter: $filter) {
    cursor event { type toStatus message public } ticket { reference status department { code } }
  }
}"""



def cookies_of(client: GraphQLClient) -> dict[str, str]:
    return {"cozum_session": client.http.cookies["cozum_session"]}


async def test_a_console_receives_a_change_as_it_commits(live: str, staff: GraphQLClient, app: Any) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with subscribe(live, EVENTS, cookies=cookies_of(staff)) as events:
        await settled(app.state.hub, 1)
        await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
            "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": 1}})
        message = (await events.next())["data"]["ticketEvents"]
    assert message["event"] == {"type": "STATUS_CHANGED", "toStatus": "IN_PROGRESS", "message": None, "public": True}
    assert message["ticket"]["reference"] == ticket["reference"] and message["ticket"]["status"] == "IN_PROGRESS"


async def test_an_agent_never_receives_another_departments_tickets(
    live: str, staff: GraphQLClient, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    agent = await client_for("AGENT", app, engine, monkeypatch)  # Zabıta
    async with subscribe(live, EVENTS, cookies=cookies_of(agent)) as events:
        await settled(app.state.hub, 1)
        fen = await new_ticket(staff, "ROAD_POTHOLE")
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": fen["id"], "body": "Fen notu"}})
        zabita = await new_ticket(staff, "NOISE")
        first = (await events.next())["data"]["ticketEvents"]
        assert first["ticket"]["reference"] == zabita["reference"]
        assert await events.nothing_within(0.5)


async def test_resubscribing_with_the_last_cursor_replays_exactly_what_was_missed(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with subscribe(live, EVENTS, cookies=cookies_of(staff)) as events:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "bir"}})
        # The ticket's CREATED can still be on its way when the subscription starts: skip it.
        heard = (await events.next())["data"]["ticketEvents"]
        while heard["event"]["message"] != "bir":
            heard = (await events.next())["data"]["ticketEvents"]
        cursor = heard["cursor"]
    missed = []
    for body in ("iki", "üç", "dört"):
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": body}})
        missed.append(body)
    async with subscribe(live, EVENTS, {"after": cursor}, cookies=cookies_of(staff)) as events:
        replayed = [(await events.next())["data"]["ticketEvents"]["event"]["message"] for _ in missed]
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "beş"}})
        live_one = (await events.next())["data"]["ticketEvents"]["event"]["message"]
        assert await events.nothing_within(0.3)
    assert replayed == missed and live_one == "beş"


async def test_anonymous_callers_cannot_subscribe_to_ticket_events(live: str) -> None:
    from tests.fixtures.live import SubscriptionEnded

    async with subscribe(live, EVENTS) as events:
        with pytest.raises(SubscriptionEnded) as ended:
            await events.next()
    assert "NOT_AUTHENTICATED" in str(ended.value)
