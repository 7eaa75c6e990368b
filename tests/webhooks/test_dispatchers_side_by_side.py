"""Dispatchers side by side never send one delivery twice at once; when a lease runs out during a
send, the second dispatcher's try is the one recorded and the first's outcome is fenced off."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.tickets.factories import new_ticket, operator
from tests.webhooks.helpers import Observed, dispatching, register
from tests.webhooks.receiver import WebhookReceiver

TICKETS = 40


async def test_two_dispatchers_share_the_queue_and_send_each_delivery_once(
    admin: GraphQLClient, receiver: WebhookReceiver, db: AsyncSession, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    actor = await operator(db)
    for _ in range(TICKETS):
        await new_ticket(db, actor)
    await db.commit()
    both = Observed()
    async with dispatching(database_url, webhook_settings, both), dispatching(database_url, webhook_settings, both):
        await both.delivered(TICKETS)
    arrived = [d.headers["cozum-delivery"] for d in receiver.at("/hooks")]
    assert len(arrived) == len(set(arrived)) == TICKETS  # also after both stopped: nothing sent twice
    assert len(both.recorded) == TICKETS and all(r.attempt == 1 for r in both.recorded)
    assert await rows(engine, "SELECT count(*) AS n FROM webhook_attempts") == [{"n": TICKETS}]


async def test_a_lease_that_runs_out_mid_send_lets_one_later_try_count(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    await submit(client, email="mehmet@example.org")
    receiver.answering.clear()
    async with dispatching(database_url, webhook_settings) as first:
        await receiver.received("/hooks", 1)  # the first try is under way, its answer held
        async with engine.begin() as connection:
            await connection.exec_driver_sql("UPDATE webhook_deliveries SET locked_until = now() - interval '1 second'")
        async with dispatching(database_url, webhook_settings) as second:
            await receiver.received("/hooks", 2)
            receiver.answering.set()
            await second.delivered(1)
            await first.until(lambda rs: len(rs) >= 1)
    assert [(r.attempt, r.status) for r in first.recorded] == [(1, None)]  # fenced: it lost the row
    assert [(r.attempt, r.status and r.status.value) for r in second.recorded] == [(2, "SENT")]
    one, two = receiver.at("/hooks")
    assert one.headers["cozum-delivery"] == two.headers["cozum-delivery"]  # at least once, as documented
    [delivery] = await rows(engine, "SELECT status, attempts, locked_until FROM webhook_deliveries")
    assert delivery == {"status": "SENT", "attempts": 2, "locked_until": None}
    attempts = await rows(engine, "SELECT number, status_code, finished_at FROM webhook_attempts ORDER BY number")
    assert [(a["number"], a["status_code"]) for a in attempts] == [(1, 200), (2, 200)]
    assert all(a["finished_at"] for a in attempts)
