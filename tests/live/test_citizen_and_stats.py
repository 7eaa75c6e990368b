"""Citizens follow their own request live; dashboards follow the counters."""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import Subscription, caught_up, subscribe
from tests.tickets.helpers import category_ids, department_ids, new_ticket
from tests.tickets.queries import CHANGE_STATUS, CREATE, FIND, NOTE, REPLY, ROUTE, SUBMIT

STATUS = """subscription($reference: String!, $secret: String!) {
  requestStatus(reference: $reference, secret: $secret) {
    reference status statusLabel departmentName
    timeline { type status statusLabel message }
  }
}"""

STATS = "subscription { liveStats { received resolved pending overdue receivedToday at } }"

SECRET_NOTE = "GİZLİ: komşusu şikayetçiyi tanıyor"



@pytest.fixture
async def staff(app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[GraphQLClient]:
    """A call-centre operator, with a cheap password hash to keep these tests quick."""
    client = await client_for("OPERATOR", app, engine, monkeypatch)
    yield client
    await client.http.aclose()



@pytest.fixture
async def request_(
    live: str, app: Any, engine: AsyncEngine, client: GraphQLClient, staff: GraphQLClient
) -> dict[str, Any]:
    """A citizen's request: its reference and secret, and the ticket staff see."""
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["STRAY_ANIMAL"], "description": "Parkta yaralı bir köpek var."}})
    found = await staff.data(FIND, {"text": submitted["reference"]})
    ticket = found["tickets"]["edges"][0]["node"]
    await caught_up(app.state.hub)
    return {"reference": submitted["reference"], "secret": submitted["secret"], "ticket": ticket}


def credentials(request_: dict[str, Any]) -> dict[str, str]:
    return {"reference": request_["reference"], "secret": request_["secret"]}


async def status_of(events: Subscription) -> dict[str, Any]:
    request: dict[str, Any] = (await events.next())["data"]["requestStatus"]
    return request


async def start_work(staff: GraphQLClient, ticket: dict[str, Any]) -> None:
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": ticket["version"]}})


# --- requestStatus ---------------------------------------------------------------------------


async def test_the_citizen_gets_the_current_state_at_once(live: str, request_: dict[str, Any]) -> None:
    async with subscribe(live, STATUS, credentials(request_)) as events:
        current = await status_of(events)
    assert current["reference"] == request_["reference"]
    assert current["status"] == "NEW" and current["statusLabel"] == "Alındı"
    assert [e["type"] for e in current["timeline"]] == ["CREATED"]


async def test_a_status_change_arrives_with_its_public_label(
    live: str, request_: dict[str, Any], staff: GraphQLClient
) -> None:
    async with subscribe(live, STATUS, credentials(request_)) as events:
        await status_of(events)
        await start_work(staff, request_["ticket"])
        changed = await status_of(events)
    assert changed["status"] == "IN_PROGRESS" and changed["statusLabel"] == "İnceleniyor"
    last = changed["timeline"][-1]
    assert last == {"type": "STATUS_CHANGED", "status": "IN_PROGRESS", "statusLabel": "İnceleniyor", "message": None}


async def test_an_internal_note_never_reaches_the_citizen(
    live: str, request_: dict[str, Any], staff: GraphQLClient
) -> None:
    ticket = request_["ticket"]
    async with subscribe(live, STATUS, credentials(request_)) as events:
        await status_of(events)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": SECRET_NOTE}})
        assert await events.nothing_within(0.5)
        await staff.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket["id"], "body": "Ekibimiz yolda."}})
        raw = json.dumps(await events.next(), ensure_ascii=False)
    assert "Ekibimiz yolda." in raw
    assert "GİZLİ" not in raw and "INTERNAL_NOTE" not in raw


async def test_a_routing_reaches_the_citizen_but_its_note_does_not(
    live: str, request_: dict[str, Any], staff: GraphQLClient
) -> None:
    departments = await department_ids(staff)
    async with subscribe(live, STATUS, credentials(request_)) as events:
        await status_of(events)
        await staff.mutate("routeTicket", ROUTE, {"input": {
            "ticketId": request_["ticket"]["id"], "departmentId": departments["ZABITA"], "note": SECRET_NOTE}})
        message = await events.next()
    routed = message["data"]["requestStatus"]
    assert routed["timeline"][-1]["type"] == "ROUTED" and routed["timeline"][-1]["message"] is None
    assert "GİZLİ" not in json.dumps(message, ensure_ascii=False)


async def test_changes_to_other_requests_are_not_sent(
    live: str, request_: dict[str, Any], staff: GraphQLClient, app: Any, engine: AsyncEngine
) -> None:
    other = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    async with subscribe(live, STATUS, credentials(request_)) as events:
        await status_of(events)
        await start_work(staff, other)
        assert await events.nothing_within(0.5)


async def refusal(live: str, reference: str, secret: str) -> list[dict[str, Any]]:
    """Every message up to the end of the subscription, which must come at once."""
    async with subscribe(live, STATUS, {"reference": reference, "secret": secret}) as events:
        messages: list[dict[str, Any]] = []
        while not messages or messages[-1]["type"] not in ("complete", "error"):
            messages.append(json.loads(await asyncio.wait_for(events.socket.recv(), 2)))
    return messages


def errors_of(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The errors, whether sent as an `error` message or as a `next` carrying errors."""
    found: list[dict[str, Any]] = []
    for message in messages:
        if message["type"] == "error":
            found.extend(message["payload"])
        elif message["type"] == "next":
            assert message["payload"].get("data") is None, message
            found.extend(message["payload"]["errors"])
    return found


async def test_a_wrong_secret_ends_the_subscription_with_not_found(live: str, request_: dict[str, Any]) -> None:
    messages = await refusal(live, request_["reference"], "x" * 24)
    assert [e["extensions"]["code"] for e in errors_of(messages)] == ["NOT_FOUND"]
    assert "requestStatus" not in json.dumps([m for m in messages if m["type"] == "next" and m["payload"].get("data")])


async def test_an_unknown_reference_and_a_wrong_secret_look_the_same(live: str, request_: dict[str, Any]) -> None:
    wrong_secret = await refusal(live, request_["reference"], "x" * 24)
    unknown = await refusal(live, "TST-2026-999999", request_["secret"])
    assert wrong_secret == unknown
    assert request_["reference"] not in json.dumps(wrong_secret)


# --- liveStats -------------------------------------------------------------------------------


async def counts_in_database(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        row = (await connection.execute(text("""
            SELECT count(*) AS received,
                   count(*) FILTER (WHERE status = 'RESOLVED') AS resolved,
                   count(*) FILTER (WHERE closed_at IS NULL) AS pending
            FROM tickets"""))).mappings().one()
    return dict(row)


def counters(message: dict[str, Any]) -> dict[str, int]:
    stats = message["data"]["liveStats"]
    return {k: stats[k] for k in ("received", "resolved", "pending")}


async def test_stats_start_with_the_counts_in_the_database(
    live: str, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    await new_ticket(staff, "NOISE")
    resolved = await new_ticket(staff, "ROAD_POTHOLE")
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": resolved["id"], "status": "RESOLVED", "expectedVersion": resolved["version"],
        "reason": "Çukur kapatıldı."}})
    expected = await counts_in_database(engine)
    async with subscribe(live, STATS) as stats:
        first = await stats.next(wait=1.0)
    assert counters(first) == expected
    assert expected == {"received": 2, "resolved": 1, "pending": 1}
    assert first["data"]["liveStats"]["receivedToday"] == 2 and first["data"]["liveStats"]["overdue"] == 0


async def test_stats_follow_a_new_ticket(live: str, staff: GraphQLClient) -> None:
    async with subscribe(live, STATS) as stats:
        before = counters(await stats.next(wait=1.0))
        await new_ticket(staff, "NOISE")
        after = counters(await stats.next(wait=3.0))
    assert after == {**before, "received": before["received"] + 1, "pending": before["pending"] + 1}


async def test_a_change_inside_the_throttle_window_is_still_sent(live: str, staff: GraphQLClient) -> None:
    """Once a second at most, but not never: the second of two quick tickets must show up
    within the next interval, without waiting for some later, unrelated change."""
    async with subscribe(live, STATS) as stats:
        categories = await category_ids(staff)
        before = counters(await stats.next(wait=1.0))
        for _ in range(2):
            await staff.mutate("createTicket", CREATE, {"input": {
                "channel": "PHONE", "categoryId": categories["NOISE"], "description": "Gece boyunca yüksek sesle müzik."}})
        seen = [before]
        with contextlib.suppress(TimeoutError):
            while seen[-1]["received"] < before["received"] + 2:
                seen.append(counters(await stats.next(wait=3.0)))
    assert seen[-1]["received"] == before["received"] + 2, f"the dashboard was left at {seen[-1]}; sent: {seen}"


async def test_a_change_between_reading_the_first_state_and_listening_is_not_lost(
    live: str, app: Any, staff: GraphQLClient, request_: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forces the unlucky order: the first state is read, then staff change the request
    and the hub dispatches it, and only then would a late listener have registered."""
    from cozum.live import subscriptions

    original = subscriptions.tracking.tracked_request
    changed = False

    async def read_then_change(session: Any, ticket_id: int) -> Any:
        nonlocal changed
        state = await original(session, ticket_id)
        if not changed:
            changed = True
            await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
                "ticketId": request_["ticket"]["id"], "status": "IN_PROGRESS", "expectedVersion": 1}})
            await caught_up(app.state.hub)
        return state

    monkeypatch.setattr(subscriptions.tracking, "tracked_request", read_then_change)
    async with subscribe(live, STATUS, credentials(request_)) as events:
        first = (await events.next())["data"]["requestStatus"]["status"]
        then = (await events.next())["data"]["requestStatus"]["status"]
    assert (first, then) == ("NEW", "IN_PROGRESS")
