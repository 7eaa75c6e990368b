"""ticketViewers: consoles see who else has a ticket open, across server processes."""

import asyncio
import json
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.actor import Actor
from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from cozum.kit.relay import to_global_id
from cozum.live.presence import Presence
from cozum.live.subscribers import ViewerSubscriber
from tests.conftest import LOGIN, STAFF_PASSWORD, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import Subscription, server_process, serving, subscribe
from tests.tickets.helpers import department_ids, new_ticket
from tests.tickets.queries import ROUTE

VIEWERS = """subscription($t: ID!) {
  ticketViewers(ticketId: $t) { ticketId viewers { name email role department { code } } }
}"""


def cookies_of(client: GraphQLClient) -> dict[str, str]:
    return {"cozum_session": client.http.cookies["cozum_session"]}


async def names(stream: Subscription, wait: float = 5.0) -> list[str]:
    message = (await stream.next(wait=wait))["data"]["ticketViewers"]
    return [v["name"] for v in message["viewers"]]


async def refusal(stream: Subscription) -> list[Any]:
    """The error codes the subscription ends with, at once, whether they come as an `error`
    message or as a `next` carrying errors (and no data) before `complete`."""
    codes: list[Any] = []
    while True:
        message = json.loads(await asyncio.wait_for(stream.socket.recv(), 5))
        if message["type"] == "error":
            codes += [(e.get("extensions") or {}).get("code") for e in message["payload"]]
        elif message["type"] == "next":
            assert message["payload"].get("data") is None, message
            codes += [(e.get("extensions") or {}).get("code") for e in message["payload"]["errors"]]
        if message["type"] in ("error", "complete"):
            return codes


@pytest.fixture
async def fen_agent(app: Any, engine: AsyncEngine) -> Any:
    client = await signed_in(app, engine, "fen.agent@example.org", "Burak Fen", StaffRole.AGENT, "FEN")
    yield client
    await client.http.aclose()


@pytest.fixture
async def zabita_agent(app: Any, engine: AsyncEngine) -> Any:
    client = await signed_in(app, engine, "zabita.agent@example.org", "Zeynep Zabıta", StaffRole.AGENT, "ZABITA")
    yield client
    await client.http.aclose()


async def test_two_people_see_each_other_and_a_disconnect_shrinks_the_list(
    live: str, staff: GraphQLClient, fen_agent: GraphQLClient
) -> None:
    ticket = await new_ticket(staff, "ROAD_POTHOLE")  # Fen İşleri's
    variables = {"t": ticket["id"]}
    async with subscribe(live, VIEWERS, variables, cookies=cookies_of(staff)) as ayse:
        first = (await ayse.next())["data"]["ticketViewers"]
        assert first == {"ticketId": ticket["id"], "viewers": [
            {"name": "Ayşe Operatör", "email": None, "role": None, "department": None}]}
        async with subscribe(live, VIEWERS, variables, cookies=cookies_of(fen_agent)) as burak:
            assert await names(burak) == ["Ayşe Operatör", "Burak Fen"]
            assert await names(ayse) == ["Ayşe Operatör", "Burak Fen"]
            assert await burak.nothing_within(0.3)  # its own join is not sent twice
        assert await names(ayse) == ["Ayşe Operatör"]


async def test_someone_who_cannot_read_the_ticket_is_refused_like_for_a_missing_one(
    live: str, staff: GraphQLClient, zabita_agent: GraphQLClient, db: AsyncSession
) -> None:
    ticket = await new_ticket(staff, "ROAD_POTHOLE")  # Fen İşleri's
    async with subscribe(live, VIEWERS, {"t": ticket["id"]}, cookies=cookies_of(staff)) as ayse:
        assert await names(ayse) == ["Ayşe Operatör"]
        answers = []
        for target in (ticket["id"], to_global_id("Ticket", 987654)):
            async with subscribe(live, VIEWERS, {"t": target}, cookies=cookies_of(zabita_agent)) as zeynep:
                answers.append(await refusal(zeynep))
        assert answers == [["NOT_FOUND"], ["NOT_FOUND"]]
        assert await ayse.nothing_within(0.5)  # nobody joined
        rows = (await db.execute(text("SELECT staff_user_id FROM ticket_viewers"))).scalars()
        assert len(list(rows)) == 1
        await db.rollback()
    # The server hears of the disconnect a moment later; then the last row goes.
    async with asyncio.timeout(5):
        while (await db.execute(text("SELECT count(*) FROM ticket_viewers"))).scalar_one():
            await db.rollback()
            await asyncio.sleep(0.05)


async def test_one_person_in_two_tabs_is_listed_once_until_both_close(
    live: str, staff: GraphQLClient, fen_agent: GraphQLClient
) -> None:
    ticket = await new_ticket(staff, "ROAD_POTHOLE")
    variables = {"t": ticket["id"]}
    async with subscribe(live, VIEWERS, variables, cookies=cookies_of(staff)) as ayse:
        assert await names(ayse) == ["Ayşe Operatör"]
        async with subscribe(live, VIEWERS, variables, cookies=cookies_of(fen_agent)) as tab:
            assert await names(tab) == ["Ayşe Operatör", "Burak Fen"]
            assert await names(ayse) == ["Ayşe Operatör", "Burak Fen"]
            async with subscribe(live, VIEWERS, variables, cookies=cookies_of(fen_agent)) as second_tab:
                assert await names(second_tab) == ["Ayşe Operatör", "Burak Fen"]
                assert await ayse.nothing_within(0.5)  # the same list: not sent again
            assert await ayse.nothing_within(0.5)
        assert await names(ayse) == ["Ayşe Operatör"]


async def test_a_viewer_who_may_no_longer_read_the_ticket_stops_watching_it(
    live: str, staff: GraphQLClient, fen_agent: GraphQLClient
) -> None:
    ticket = await new_ticket(staff, "ROAD_POTHOLE")
    variables = {"t": ticket["id"]}
    zabita = (await department_ids(staff))["ZABITA"]
    async with subscribe(live, VIEWERS, variables, cookies=cookies_of(staff)) as ayse:
        assert await names(ayse) == ["Ayşe Operatör"]
        async with subscribe(live, VIEWERS, variables, cookies=cookies_of(fen_agent)) as burak:
            assert await names(burak) == ["Ayşe Operatör", "Burak Fen"]
            assert await names(ayse) == ["Ayşe Operatör", "Burak Fen"]
            await staff.mutate("routeTicket", ROUTE, {"input": {
                "ticketId": ticket["id"], "departmentId": zabita, "expectedVersion": ticket["version"]}})
            assert await refusal(burak) == ["NOT_FOUND"]
            assert await names(ayse) == ["Ayşe Operatör"]


async def test_a_dead_process_viewers_are_removed_by_the_heartbeat(
    app: Any, staff: GraphQLClient, fen_agent: GraphQLClient, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("cozum.live.viewers.HEARTBEAT", 0.3)
    ticket = await new_ticket(staff, "ROAD_POTHOLE")
    ticket_pk = int((await db.execute(text("SELECT id FROM tickets WHERE reference = :r"),
                                      {"r": ticket["reference"]})).scalar_one())
    burak = int((await db.execute(text("SELECT id FROM users WHERE email = 'fen.agent@example.org'"))).scalar_one())
    # A row some other process wrote before it died: fresh for now, never refreshed again.
    await db.execute(text("INSERT INTO ticket_viewers VALUES ('deadbeef', :t, :u, now())"), {"t": ticket_pk, "u": burak})
    await db.commit()
    async with serving(app) as base, subscribe(base, VIEWERS, {"t": ticket["id"]}, cookies=cookies_of(staff)) as ayse:
        assert await names(ayse) == ["Ayşe Operatör", "Burak Fen"]
        await db.execute(text("UPDATE ticket_viewers SET seen_at = now() - interval '2 minutes' "
                              "WHERE connection_id = 'deadbeef'"))
        await db.commit()
        assert await names(ayse) == ["Ayşe Operatör"]
        # Its own row is kept fresh meanwhile.
        assert await ayse.nothing_within(1.0)
        seen = (await db.execute(text("SELECT now() - seen_at < interval '1 second' FROM ticket_viewers"))).scalars()
        assert list(seen) == [True]


async def test_viewers_on_two_server_processes_see_each_other(database_url: str, engine: AsyncEngine) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, "operator@example.org", STAFF_PASSWORD, StaffRole.OPERATOR, "Ayşe Operatör")
        await create_user(session, "fen.agent@example.org", STAFF_PASSWORD, StaffRole.AGENT, "Burak Fen", "FEN")
    async with (
        server_process(database_url) as (a, _),
        server_process(database_url) as (b, _),
        httpx.AsyncClient(base_url=f"http://{a}") as on_a,
        httpx.AsyncClient(base_url=f"http://{b}") as on_b,
    ):
        operator, agent = GraphQLClient(on_a), GraphQLClient(on_b)
        await operator.mutate("login", LOGIN, {"email": "operator@example.org", "password": STAFF_PASSWORD})
        await agent.mutate("login", LOGIN, {"email": "fen.agent@example.org", "password": STAFF_PASSWORD})
        ticket = await new_ticket(operator, "ROAD_POTHOLE")
        variables = {"t": ticket["id"]}
        async with subscribe(a, VIEWERS, variables, cookies=cookies_of(operator)) as ayse:
            assert await names(ayse, wait=10) == ["Ayşe Operatör"]
            async with subscribe(b, VIEWERS, variables, cookies=cookies_of(agent)) as burak:
                assert await names(burak, wait=10) == ["Ayşe Operatör", "Burak Fen"]
                assert await names(ayse, wait=10) == ["Ayşe Operatör", "Burak Fen"]
            assert await names(ayse, wait=10) == ["Ayşe Operatör"]


async def test_a_list_read_before_someone_joined_is_not_sent_to_them(
    engine: AsyncEngine, staff: GraphQLClient, fen_agent: GraphQLClient, db: AsyncSession
) -> None:
    """The hub reads a ticket's list for an earlier change; meanwhile Burak joins and shows the
    newer list, with him in it. The older one must not reach him after it."""
    ticket = await new_ticket(staff, "ROAD_POTHOLE")
    ticket_pk = int((await db.execute(text("SELECT id FROM tickets WHERE reference = :r"),
                                      {"r": ticket["reference"]})).scalar_one())
    users = dict((await db.execute(text("SELECT email, id FROM users"))).all())
    presence = Presence(create_sessionmaker(engine))
    ayse, burak = (
        ViewerSubscriber(ticket_id=ticket_pk, actor=Actor(label=email, user_id=users[email]), connection_id=email)
        for email in ("operator@example.org", "fen.agent@example.org")
    )
    for subscriber in (ayse, burak):
        groups = presence.groups(ticket_pk, create=True)
        assert groups is not None
        groups.add("one document", subscriber)
    await presence.join(ayse)
    ayse.show((await presence.current(ticket_pk))[1])
    read = presence.current

    async def read_while_burak_joins(ticket_id: int) -> Any:
        earlier = await read(ticket_id)
        await presence.join(burak)
        burak.show((await read(ticket_id))[1])
        return earlier

    sent: list[tuple[list[str], str]] = []

    async def broadcast(message: Any, subscribers: list[Any]) -> None:
        sent.extend(([v.name for v in message.viewers], s.connection_id) for s in subscribers)

    presence.current = read_while_burak_joins  # type: ignore[method-assign]
    presence.changed(str(ticket_pk))
    await presence.run_when_due(broadcast)
    assert sent == []  # Ayşe has seen that list; Burak has seen a newer one
    presence.current = read  # type: ignore[method-assign]
    presence.changed(str(ticket_pk))  # Burak's join's announcement
    await presence.run_when_due(broadcast)
    assert sent == [(["Ayşe Operatör", "Burak Fen"], "operator@example.org")]
