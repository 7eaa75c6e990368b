"""`cozum worker` killed mid-send and started again: delivered, and once at a receiver that
honours the idempotency key."""

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator

import asyncpg
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.database import asyncpg_dsn
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import WAIT, rows, submit
from tests.notifications.receivers import Behaviour, HttpReceiver

LEASE_SECONDS = 3


async def _worker_process(database_url: str, gateway: HttpReceiver) -> asyncio.subprocess.Process:
    env = {
        **os.environ, "DATABASE_URL": database_url, "COZUM_ENV": "test",
        "SMS_GATEWAY_URL": f"{gateway.base_url}/sms", "COZUM_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cozum.cli", "worker", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )


@contextlib.asynccontextmanager
async def _listening(database_url: str, channel: str) -> AsyncIterator["asyncio.Queue[str]"]:
    connection = await asyncpg.connect(asyncpg_dsn(database_url))
    notes: asyncio.Queue[str] = asyncio.Queue()
    await connection.add_listener(channel, lambda *args: notes.put_nowait(args[-1]))
    try:
        yield notes
    finally:
        await connection.close()


async def test_a_worker_killed_mid_send_is_resumed_by_the_next_with_the_same_key(
    client: GraphQLClient, sms_gateway: HttpReceiver, database_url: str, engine: AsyncEngine
) -> None:
    sms_gateway.behaviour = Behaviour(hold_first=True)  # takes the message, then never answers
    await submit(client, reply="SMS", phone="0532 111 22 33")

    first = await _worker_process(database_url, sms_gateway)
    arrived = await asyncio.to_thread(sms_gateway.arrived.wait, WAIT)
    assert arrived, "the first worker never sent"
    first.send_signal(signal.SIGKILL)
    assert await first.wait() == -signal.SIGKILL
    [held] = await rows(engine, "SELECT outcome FROM delivery_attempts")
    assert held == {"outcome": "SENDING"}  # died before it could record anything
    sms_gateway.release.set()

    async with _listening(database_url, "ticket_events") as events:
        second = await _worker_process(database_url, sms_gateway)
        await asyncio.wait_for(events.get(), WAIT + LEASE_SECONDS)  # NOTIFICATION_SENT, once the lease ran out
    second.send_signal(signal.SIGTERM)
    assert await second.wait() == 0  # a clean stop on SIGTERM

    [(key, tries)] = sms_gateway.count_by_key().items()
    assert tries == 2 and list(sms_gateway.stored) == [key]  # sent twice, delivered once
    attempts = await rows(engine, "SELECT number, outcome, error FROM delivery_attempts ORDER BY number")
    assert [(a["number"], a["outcome"]) for a in attempts] == [(1, "FAILED"), (2, "SENT")]
    assert attempts[0]["error"].startswith("the worker stopped before it recorded the outcome")
    [row] = await rows(engine, "SELECT status, attempts, idempotency_key FROM outbox")
    assert row == {"status": "SENT", "attempts": 2, "idempotency_key": key}
