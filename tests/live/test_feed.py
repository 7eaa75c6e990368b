"""The live feed never loses an event that commits out of id order, and never waits on a dead id.

The database tests hold real transactions open on a second and third connection, so the
ids and the snapshot the feed reads are exactly what PostgreSQL hands out.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any, cast

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.db import create_sessionmaker, transaction
from cozum.live.feed import Feed, FeedEvent
from tests.fixtures.database import DatabasePool
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import serving, subscribe
from tests.tickets.factories import new_ticket, operator, use_cheap_passwords

INSERT_EVENT = text("""
INSERT INTO ticket_events (ticket_id, type, actor_label, public, data, created_at)
VALUES (:ticket_id, 'INTERNAL_NOTE', 'feed-test', false, '{}'::jsonb, now())
RETURNING id
""")

EVENTS = """subscription { ticketEvents { cursor event { type } ticket { reference } } }"""


# --- _release on its own: hand-built events, hand-picked "running transactions" -------------


def feed_holding(low_water: int, *ids: int) -> Feed:
    feed = Feed(low_water=low_water)
    for id_ in ids:
        feed.held[id_] = cast(FeedEvent, SimpleNamespace(id=id_))
    return feed


def ids(events: list[FeedEvent]) -> list[int]:
    return [e.id for e in events]


def test_a_contiguous_run_is_released_in_id_order() -> None:
    feed = feed_holding(10, 13, 11, 12)
    assert ids(feed._release(frozenset({"900"}))) == [11, 12, 13]
    assert feed.low_water == 13 and not feed.held and feed.gap_writers is None


def test_events_above_a_gap_wait_while_a_transaction_seen_with_the_gap_runs() -> None:
    feed = feed_holding(10, 12, 13)
    assert feed._release(frozenset({"500", "501"})) == []
    assert feed.gap_writers == frozenset({"500", "501"})
    # Still running, alone or among newcomers: keep waiting.
    assert feed._release(frozenset({"501", "777"})) == []
    assert feed.low_water == 10 and sorted(feed.held) == [12, 13] and feed.waiting_on_gap


def test_when_the_gap_fills_everything_is_released_in_order() -> None:
    feed = feed_holding(10, 12, 13)
    assert feed._release(frozenset({"500"})) == []
    feed.held[11] = cast(FeedEvent, SimpleNamespace(id=11))
    assert ids(feed._release(frozenset({"500"}))) == [11, 12, 13]
    assert feed.low_water == 13


def test_a_gap_is_skipped_once_every_transaction_seen_with_it_has_ended() -> None:
    feed = feed_holding(10, 12, 13)
    assert feed._release(frozenset({"500"})) == []
    # Transactions that began after the gap was seen cannot have taken id 11.
    assert ids(feed._release(frozenset({"600", "601"}))) == [12, 13]
    assert feed.low_water == 13 and feed.gap_writers is None


def test_a_later_gap_is_judged_by_who_runs_when_it_is_seen() -> None:
    feed = feed_holding(10, 12, 15)
    assert feed._release(frozenset({"500"})) == []
    # 500 has ended: 11 is dead, 12 goes out, then a new gap at 13–14 appears while 600 runs.
    assert ids(feed._release(frozenset({"600"}))) == [12]
    assert feed.gap_writers == frozenset({"600"}) and feed.low_water == 12
    assert feed._release(frozenset({"600"})) == []
    assert ids(feed._release(frozenset())) == [15]


def test_several_dead_gaps_in_a_row_are_all_skipped() -> None:
    feed = feed_holding(10, 12, 14, 16)
    assert feed._release(frozenset({"500"})) == []
    # 500 ended: 11 is dead; the gap at 13 is new and its writers are those running now.
    assert ids(feed._release(frozenset({"700"}))) == [12]
    assert ids(feed._release(frozenset())) == [14]  # and the gap at 15 is seen with nobody running
    assert ids(feed._release(frozenset())) == [16]


def test_nothing_held_nothing_released() -> None:
    feed = Feed(low_water=5)
    assert feed._release(frozenset({"1"})) == []
    assert feed.low_water == 5 and feed.gap_writers is None and not feed.waiting_on_gap


# --- Feed.read against PostgreSQL -----------------------------------------------------------


@pytest.fixture
async def ticket_id(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> int:
    use_cheap_passwords(monkeypatch)
    async with transaction(create_sessionmaker(engine)) as session:
        ticket = await new_ticket(session, await operator(session, "feed-writer@example.org", "Akış Yazarı"))
    assert ticket.id is not None
    return ticket.id


@pytest.fixture
async def quiet_server(database_pool: DatabasePool) -> None:
    """The pool copies the next test's database in the background; that CREATE DATABASE is
    a running transaction too, which the feed would rightly wait for. Let it finish."""
    pending = database_pool._next
    if pending is not None:
        await asyncio.wait({pending})


class Writer:
    """A transaction of its own, kept open until told to commit or roll back."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def insert(self, ticket_id: int) -> int:
        return int((await self.session.execute(INSERT_EVENT, {"ticket_id": ticket_id})).scalar_one())

    async def xid(self) -> str:
        return str((await self.session.execute(text("SELECT pg_current_xact_id()::text"))).scalar_one())


@contextlib.asynccontextmanager
async def writer(engine: AsyncEngine) -> AsyncIterator[Writer]:
    async with create_sessionmaker(engine)() as session:
        await session.begin()
        try:
            yield Writer(session)
        finally:
            if session.in_transaction():
                await session.rollback()


async def lower_left_open(feed: Feed, engine: AsyncEngine, ticket_id: int, first: Writer, second: Writer) -> tuple[int, int]:
    """`first` takes the lower id and stays open; `second` takes the next and commits: the
    feed must hold the higher one back."""
    low = await first.insert(ticket_id)
    high = await second.insert(ticket_id)
    assert low < high
    await second.session.commit()
    assert await read(feed, engine) == []
    return low, high


async def started_feed(engine: AsyncEngine) -> Feed:
    feed = Feed()
    async with create_sessionmaker(engine)() as session:
        await feed.start(session)
    return feed


async def read_events(feed: Feed, engine: AsyncEngine) -> list[FeedEvent]:
    """One pass of the hub: a REPEATABLE READ snapshot, read, give it back."""
    async with create_sessionmaker(engine)() as session:
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        ready = await feed.read(session)
        await session.rollback()
    return ready


async def read(feed: Feed, engine: AsyncEngine) -> list[int]:
    """The ids released by one pass, taken from the identity map: no attribute access."""
    return [int(inspect(e.event).identity[0]) for e in await read_events(feed, engine)]


async def released(feed: Feed, engine: AsyncEngine, within: float = 5.0) -> list[int]:
    """The ids the first pass that releases any gives, as the hub reads again on its next wake-up.
    Transaction ids are the cluster's: another database's transaction running at the moment
    of a pass (the browser tests' server) rightly makes that one pass wait too."""
    async with asyncio.timeout(within):
        while not (ids_ := await read(feed, engine)):  # noqa: ASYNC110 — nothing to await but another pass
            await asyncio.sleep(0.05)
    return ids_


async def test_feed_starts_after_the_events_already_committed(engine: AsyncEngine, ticket_id: int) -> None:
    feed = await started_feed(engine)
    async with create_sessionmaker(engine)() as session:
        highest = (await session.execute(text("SELECT max(id) FROM ticket_events"))).scalar_one()
    assert highest is not None and feed.low_water == highest
    assert await read(feed, engine) == []


async def test_a_feed_started_while_a_lower_id_is_uncommitted_still_delivers_it(
    engine: AsyncEngine, ticket_id: int
) -> None:
    """A process starting while another transaction is about to commit a lower id."""
    async with writer(engine) as first, writer(engine) as second:
        low = await first.insert(ticket_id)
        high = await second.insert(ticket_id)
        await second.session.commit()
        feed = await started_feed(engine)
        assert feed.low_water < low
        assert await read(feed, engine) == []
        await first.session.commit()
    assert await read(feed, engine) == [low, high]


async def test_a_higher_id_is_held_while_the_lower_ids_transaction_is_open(
    engine: AsyncEngine, ticket_id: int
) -> None:
    feed = await started_feed(engine)
    async with writer(engine) as first, writer(engine) as second:
        low = await first.insert(ticket_id)
        high = await second.insert(ticket_id)
        assert low < high
        await second.session.commit()
        assert await read(feed, engine) == []
        assert await first.xid() in (feed.gap_writers or frozenset())
        await asyncio.sleep(0.1)
        assert await read(feed, engine) == []
        assert feed.low_water == low - 1 and list(feed.held) == [high]


async def test_both_are_released_in_id_order_once_the_lower_commits(engine: AsyncEngine, ticket_id: int) -> None:
    feed = await started_feed(engine)
    async with writer(engine) as first, writer(engine) as second:
        low, high = await lower_left_open(feed, engine, ticket_id, first, second)
        await first.session.commit()
    assert await read(feed, engine) == [low, high]
    assert feed.low_water == high and not feed.waiting_on_gap


async def test_a_rolled_back_lower_id_does_not_block_the_higher_one(
    engine: AsyncEngine, ticket_id: int, quiet_server: None
) -> None:
    feed = await started_feed(engine)
    async with writer(engine) as first, writer(engine) as second:
        low, high = await lower_left_open(feed, engine, ticket_id, first, second)
        await first.session.rollback()
    assert await released(feed, engine) == [high]
    assert feed.low_water == high and low not in feed.held and not feed.waiting_on_gap


async def test_a_transaction_begun_after_the_gap_was_seen_does_not_prolong_the_wait(
    engine: AsyncEngine, ticket_id: int, quiet_server: None
) -> None:
    feed = await started_feed(engine)
    async with writer(engine) as first, writer(engine) as second, writer(engine) as latecomer:
        await first.insert(ticket_id)
        high = await second.insert(ticket_id)
        await second.session.commit()
        assert await read(feed, engine) == []
        # A writer that gets its id (and its xid) only now, and stays open.
        later = await latecomer.insert(ticket_id)
        await first.session.rollback()
        assert await released(feed, engine) == [high]
        await latecomer.session.commit()
    assert await released(feed, engine) == [later]


async def test_events_of_one_transaction_come_out_together_and_in_order(
    engine: AsyncEngine, ticket_id: int
) -> None:
    feed = await started_feed(engine)
    async with writer(engine) as one:
        inserted = [await one.insert(ticket_id) for _ in range(5)]
        assert await read(feed, engine) == []  # uncommitted: invisible, and no gap below
        await one.session.commit()
    assert await read(feed, engine) == inserted


async def test_events_held_over_a_gap_still_carry_their_data_when_released(
    engine: AsyncEngine, ticket_id: int
) -> None:
    """The hub renders what `read` returns (ticket department, event type) in the same
    session as the read; an event held from an earlier, rolled-back session must be too."""
    feed = await started_feed(engine)
    async with writer(engine) as first, writer(engine) as second:
        low, high = await lower_left_open(feed, engine, ticket_id, first, second)
        await first.session.commit()
    async with create_sessionmaker(engine)() as session:
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        ready = await feed.read(session)
        rendered = [(item.id, item.event.type.value, item.ticket.id) for item in ready]
        await session.rollback()
    assert rendered == [(low, "INTERNAL_NOTE", ticket_id), (high, "INTERNAL_NOTE", ticket_id)]


# --- The same, end to end: a console hears out-of-order commits in id order ------------------


async def test_a_console_receives_out_of_order_commits_in_id_order(
    app: Any, engine: AsyncEngine, staff: GraphQLClient, ticket_id: int
) -> None:
    async with serving(app) as base:
        cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
        async with subscribe(base, EVENTS, cookies=cookies) as events:
            for _ in range(500):  # no "subscribed" acknowledgement: wait for the hub to have it
                if app.state.hub.staff:
                    break
                await asyncio.sleep(0.01)
            async with writer(engine) as first, writer(engine) as second:
                low = await first.insert(ticket_id)
                high = await second.insert(ticket_id)
                await second.session.commit()
                assert await events.nothing_within(0.4)
                await first.session.commit()
            cursors = [(await events.next())["data"]["ticketEvents"]["cursor"] for _ in range(2)]
            assert await events.nothing_within(0.2)
    assert cursors == [str(low), str(high)]
