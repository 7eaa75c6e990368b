"""A console that stops reading is dropped, told how to catch up, and costs bounded memory.

The slow client here really never reads: its socket fills up (large events, a one-message
client queue), the server's send blocks, and only then does its mailbox overflow. Meanwhile a
second console, which reads, must get every event.
"""

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import websockets
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.typing import Subprotocol

from cozum.app import create_app
from cozum.config import Settings
from cozum.db import create_sessionmaker, transaction
from cozum.live import subscribers
from cozum.live.subscribers import StaffSubscriber, Subscriber
from tests.auth.actors import client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import Subscription, serving, subscribe
from tests.tickets.factories import new_ticket, operator

QUEUE = 8
PER_COMMIT = 4  # below QUEUE: a console that reads keeps up
MAX_COMMITS = 400
BIG = 20_000  # characters per event message: ~40 kB on the wire (uncompressed), so buffers fill quickly

EVENTS = """subscription($after: String) { ticketEvents(after: $after) { cursor event { message } } }"""

INSERT_BIG_EVENTS = text("""
INSERT INTO ticket_events (ticket_id, type, actor_label, public, message, data, created_at)
SELECT :ticket_id, 'INTERNAL_NOTE', 'backpressure-test', false, repeat('ş', :size), '{}'::jsonb, now()
FROM generate_series(1, :count)
RETURNING id
""")


@dataclass
class Scenario:
    hub: Any
    ticket_id: int
    healthy: Subscription
    slow_socket: Any
    slow: StaffSubscriber
    cookies: dict[str, str]
    base: str
    inserted: list[int] = field(default_factory=list)
    received_by_healthy: list[int] = field(default_factory=list)
    largest_queue: dict[int, int] = field(default_factory=dict)
    maxsize: dict[int, int] = field(default_factory=dict)


async def until(condition: Any) -> None:
    """Polls the hub's state, which changes on the server's side of the socket."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the hub never got there")


def watch_queues(scenario: Scenario) -> None:
    """Record each mailbox's size after every offer the hub makes."""
    for subscriber in scenario.hub.staff:
        scenario.maxsize[id(subscriber)] = subscriber.queue.maxsize
        original = subscriber.offer

        def offer(message: Any, subscriber: StaffSubscriber = subscriber, original: Any = original) -> None:
            original(message)
            key = id(subscriber)
            scenario.largest_queue[key] = max(scenario.largest_queue.get(key, 0), subscriber.queue.qsize())

        subscriber.offer = offer  # type: ignore[method-assign]


async def commit_events(engine: AsyncEngine, ticket_id: int, count: int) -> list[int]:
    async with transaction(create_sessionmaker(engine)) as session:
        rows = await session.execute(INSERT_BIG_EVENTS, {"ticket_id": ticket_id, "size": BIG, "count": count})
        return sorted(int(r) for r in rows.scalars())


async def produce_until_the_slow_one_is_dropped(scenario: Scenario, engine: AsyncEngine) -> None:
    """Commit small batches, each read in full by the healthy console, until the hub
    drops the slow one; then one more batch, to show the healthy one still hears."""
    for _ in range(MAX_COMMITS):
        ids = await commit_events(engine, scenario.ticket_id, PER_COMMIT)
        scenario.inserted += ids
        for _ in ids:
            message = (await scenario.healthy.next(wait=5))["data"]["ticketEvents"]
            scenario.received_by_healthy.append(int(message["cursor"]))
        if scenario.slow.overflowed:
            break
    assert scenario.slow.overflowed, f"still not dropped after {len(scenario.inserted)} unread events"
    ids = await commit_events(engine, scenario.ticket_id, PER_COMMIT)
    scenario.inserted += ids
    for _ in ids:
        message = (await scenario.healthy.next(wait=5))["data"]["ticketEvents"]
        scenario.received_by_healthy.append(int(message["cursor"]))


async def drain(socket_: Any) -> list[dict[str, Any]]:
    """What the slow client finally reads: everything up to the end of its subscription."""
    messages: list[dict[str, Any]] = []
    while not messages or messages[-1]["type"] not in ("complete", "error"):
        messages.append(json.loads(await asyncio.wait_for(socket_.recv(), 5)))
    return messages


@pytest.fixture
def production(request: pytest.FixtureRequest) -> bool:
    return bool(getattr(request, "param", False))


@pytest.fixture
async def served(production: bool, app: Any, database_url: str) -> AsyncIterator[Any]:
    """The test app, or one configured as in production (which masks unexpected errors)."""
    if not production:
        yield app
        return
    settings = Settings(
        COZUM_ENV="production", COZUM_TICKET_PREFIX="TST", secret_key="s" * 40,
        whatsapp_verify_token="verify-token-for-tests", database_url=database_url,
    )
    application = create_app(database_url, settings)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def scenario(
    served: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Scenario]:
    app = served
    monkeypatch.setattr(subscribers, "QUEUE_SIZE", QUEUE)
    staff: GraphQLClient = await client_for("OPERATOR", app, engine, monkeypatch)
    async with transaction(create_sessionmaker(engine)) as session:
        ticket = await new_ticket(session, await operator(session, "writer@example.org", "Yazan"))
    assert ticket.id is not None
    hub = app.state.hub
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with contextlib.AsyncExitStack() as stack:
        base = await stack.enter_async_context(serving(app))
        healthy = await stack.enter_async_context(subscribe(base, EVENTS, cookies=cookies))
        await until(lambda: len(hub.staff) == 1)
        slow_socket = await stack.enter_async_context(websockets.connect(
            f"ws://{base}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")],
            additional_headers={"Cookie": f"cozum_session={cookies['cozum_session']}"},
            max_queue=1, ping_interval=None, compression=None, close_timeout=1,
        ))
        await slow_socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await slow_socket.recv())["type"] == "connection_ack"
        before = set(hub.staff)
        await slow_socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}))
        await until(lambda: len(hub.staff) == 2)
        (slow,) = set(hub.staff) - before
        yield Scenario(hub, ticket.id, healthy, slow_socket, slow, cookies, base)
    await staff.http.aclose()


async def test_a_client_that_never_reads_is_dropped_with_a_hint_to_resubscribe(
    scenario: Scenario, engine: AsyncEngine
) -> None:
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    messages = await drain(scenario.slow_socket)
    errors = [e for m in messages if m["type"] == "next" for e in m["payload"].get("errors") or []]
    errors += [e for m in messages if m["type"] == "error" for e in m["payload"]]
    assert len(errors) == 1, messages[-3:]
    assert "resubscribe with your last cursor" in errors[0]["message"]
    assert messages[-1]["type"] in ("complete", "error")


@pytest.mark.parametrize("production", [True], indirect=True, ids=["production"])
async def test_the_hint_is_not_masked_in_production(scenario: Scenario, engine: AsyncEngine) -> None:
    """Production masks errors it does not expect; this one is expected and must get through,
    or clients cannot tell a drop they should recover from from a server fault."""
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    messages = await drain(scenario.slow_socket)
    errors = [e for m in messages if m["type"] == "next" for e in m["payload"].get("errors") or []]
    errors += [e for m in messages if m["type"] == "error" for e in m["payload"]]
    assert [e["message"] for e in errors] != ["Unexpected error."]
    assert len(errors) == 1 and "resubscribe with your last cursor" in errors[0]["message"]


async def test_the_other_console_keeps_receiving_every_event_in_order(
    scenario: Scenario, engine: AsyncEngine
) -> None:
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    assert scenario.received_by_healthy == scenario.inserted
    assert not [s for s in scenario.hub.staff if s is not scenario.slow and s.overflowed]


async def test_the_slow_mailbox_stays_within_its_size_and_is_freed(scenario: Scenario, engine: AsyncEngine) -> None:
    watch_queues(scenario)
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    slow = id(scenario.slow)
    assert scenario.maxsize[slow] == QUEUE
    assert 0 < scenario.largest_queue[slow] <= QUEUE
    # Once dropped, it holds just the overflow marker, however much more happens.
    assert scenario.slow.queue.qsize() == 1
    await drain(scenario.slow_socket)
    await until(lambda: scenario.slow not in scenario.hub.staff)
    assert len(scenario.hub.staff) == 1


async def test_resubscribing_with_the_last_cursor_recovers_exactly_what_was_dropped(
    scenario: Scenario, engine: AsyncEngine
) -> None:
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    messages = await drain(scenario.slow_socket)
    delivered = [int(m["payload"]["data"]["ticketEvents"]["cursor"])
                 for m in messages if m["type"] == "next" and m["payload"].get("data")]
    assert delivered == scenario.inserted[: len(delivered)]
    missed = scenario.inserted[len(delivered):]
    assert missed
    last = str(delivered[-1] if delivered else scenario.inserted[0] - 1)
    async with subscribe(scenario.base, EVENTS, {"after": last}, cookies=scenario.cookies) as again:
        replayed = [int((await again.next())["data"]["ticketEvents"]["cursor"]) for _ in missed]
        assert await again.nothing_within(0.2)
    assert replayed == missed


async def test_a_full_socket_moves_the_console_from_direct_writes_to_its_bounded_mailbox(
    scenario: Scenario, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hub writes to idle consoles itself; it must never wait on one whose socket is
    full. The write that cannot complete is left to finish on its own, and the console
    gets the rest through its mailbox, which is what overflows."""
    outcomes: list[bool] = []  # for each direct write to the slow console: was it left pending?
    original = Subscriber.write

    def write(self: Subscriber, data: str) -> None:
        original(self, data)
        if self is scenario.slow:
            outcomes.append(self._pending is not None)

    monkeypatch.setattr(Subscriber, "write", write)
    watch_queues(scenario)
    await produce_until_the_slow_one_is_dropped(scenario, engine)
    assert outcomes and outcomes[-1], "the socket never filled up"
    assert not any(outcomes[:-1]), "the hub kept writing to a full socket"
    assert scenario.largest_queue[id(scenario.slow)] == QUEUE


async def test_a_console_that_reads_survives_a_commit_larger_than_its_mailbox(
    app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction with more events than a mailbox holds (a bulk job): a legacy-protocol
    console, which always goes through its mailbox, must get them all."""
    staff: GraphQLClient = await client_for("OPERATOR", app, engine, monkeypatch)
    async with transaction(create_sessionmaker(engine)) as session:
        ticket = await new_ticket(session, await operator(session, "toplu@example.org", "Toplu"))
    hub = app.state.hub
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with serving(app) as base, subscribe(base, EVENTS, cookies=cookies, protocol="graphql-ws") as legacy:
        await until(lambda: len(hub.staff) == 1)
        await until(lambda: hub.low_water > 0)
        async with transaction(create_sessionmaker(engine)) as session:
            rows = await session.execute(INSERT_BIG_EVENTS, {"ticket_id": ticket.id, "size": 10, "count": 300})
            inserted = sorted(int(r) for r in rows.scalars())
        received = [int((await legacy.next())["data"]["ticketEvents"]["cursor"]) for _ in inserted]
    assert received == inserted
    await staff.http.aclose()
