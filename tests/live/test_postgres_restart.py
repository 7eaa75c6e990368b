"""PostgreSQL goes away and comes back while consoles listen and staff keep working:
afterwards every console has every committed event, once, in order."""

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from cozum.app import create_app
from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.config import Settings
from cozum.db import create_engine, create_sessionmaker, transaction
from cozum.departments.seed import load_defaults
from cozum.migrate import upgrade
from tests.conftest import LOGIN, STAFF_PASSWORD
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, serving, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = "subscription { ticketEvents { cursor event { type message } ticket { reference } } }"
SUBSCRIBERS = 3
CHANGES = 30
OUTAGE_AT = 10


class PrivateServer:
    """A PostgreSQL of this test's own, so stopping it disturbs no other test."""

    def __init__(self, data: Path) -> None:
        import pgserver  # late: it reads XDG_RUNTIME_DIR, which the session's server has set

        self.server = pgserver.get_server(data, cleanup_mode="stop")
        self.url = self.server.get_uri()

    def stop(self) -> None:
        from pgserver._commands import pg_ctl

        pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user)

    def start(self) -> None:
        self.server.ensure_postgres_running()


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    folder = Path(tempfile.mkdtemp(prefix="cozum-restart-"))
    server = PrivateServer(folder / "pg")
    yield server
    server.server.cleanup()
    shutil.rmtree(folder, ignore_errors=True)


async def _prepare(url: str) -> None:
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url, pool_size=1)
    async with transaction(create_sessionmaker(engine)) as session:
        await load_defaults(session)
        await create_user(session, "operator@example.org", STAFF_PASSWORD, StaffRole.OPERATOR, "Ayşe Operatör")
    await engine.dispose()


@contextlib.asynccontextmanager
async def console(base: str, cookies: dict[str, str]) -> AsyncIterator[list[str]]:
    """A subscriber collecting the notes it hears about, in arrival order."""
    heard: list[str] = []
    async with subscribe(base, EVENTS, cookies=cookies) as stream:
        async def collect() -> None:
            while True:
                event = (await stream.next(wait=60))["data"]["ticketEvents"]["event"]
                # The ticket's CREATED may still be on its way when we subscribe; count notes.
                if event["type"] == "INTERNAL_NOTE":
                    heard.append(event["message"])

        task = asyncio.create_task(collect())
        try:
            yield heard
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def _note(staff: GraphQLClient, ticket_id: str, body: str) -> None:
    # During the outage this fails; what counts is what the database committed.
    with contextlib.suppress(Exception):
        await staff.execute(NOTE, {"input": {"ticketId": ticket_id, "body": body}})


async def _committed_notes(url: str) -> list[str]:
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT message FROM ticket_events WHERE type = 'INTERNAL_NOTE' ORDER BY id"))
        notes = [r[0] for r in rows]
    await engine.dispose()
    return notes


async def test_subscribers_lose_nothing_across_a_postgres_restart(private_server: PrivateServer) -> None:
    await _prepare(private_server.url)
    app: Any = create_app(private_server.url, Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST"))
    async with serving(app) as base, httpx.AsyncClient(base_url=f"http://{base}") as http:
        staff = GraphQLClient(http)
        await staff.mutate("login", LOGIN, {"email": "operator@example.org", "password": STAFF_PASSWORD})
        ticket = await new_ticket(staff, "NOISE")
        cookies = {"cozum_session": http.cookies["cozum_session"]}
        await caught_up(app.state.hub)
        async with contextlib.AsyncExitStack() as stack:
            consoles = [await stack.enter_async_context(console(base, cookies)) for _ in range(SUBSCRIBERS)]
            await settled(app.state.hub, SUBSCRIBERS)
            for i in range(CHANGES):
                if i == OUTAGE_AT:
                    await asyncio.to_thread(private_server.stop)
                if i == OUTAGE_AT + 5:
                    await asyncio.to_thread(private_server.start)
                await _note(staff, ticket["id"], f"not {i}")
                await asyncio.sleep(0.05)
            committed = await _committed_notes(private_server.url)
            async with asyncio.timeout(20):
                while any(len(heard) < len(committed) for heard in consoles):  # noqa: ASYNC110
                    await asyncio.sleep(0.1)
            await asyncio.sleep(0.3)  # anything extra (a duplicate) would arrive now
    assert OUTAGE_AT <= len(committed) < CHANGES, "the outage should have refused some changes"
    assert committed[-1] == f"not {CHANGES - 1}", "changes after the restart must commit again"
    for heard in consoles:
        assert heard == committed
