"""The naive baseline for bench/live_fanout.py: no hub, every subscriber on its own.

Each `ticketEvents` subscription opens its own asyncpg connection, LISTENs on the
`ticket_events` channel and, for every notification, reads the event row (joined with its
ticket) itself: one database connection and one query per subscriber per event. No result
sharing: every subscriber executes the GraphQL document for itself.

Everything else is Çözüm's own app (mounted below the WebSocket route): the driver's
mutations take exactly the same path as in the real measurement.

    DATABASE_URL=… python bench/naive_hub_app.py --port 8001
"""

import argparse
import asyncio
import os
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
import strawberry
import uvicorn
from starlette.applications import Starlette
from starlette.routing import Mount, WebSocketRoute
from strawberry.asgi import GraphQL

from cozum.app import create_app
from cozum.db import asyncpg_dsn
from cozum.kit.relay import to_global_id

CHANNEL = "ticket_events"  # what the migration's trigger notifies, with "event_id:ticket_id"
READ = """
SELECT e.id, e.type, e.from_status, e.to_status, e.message, e.public, e.created_at,
       t.id AS ticket_id, t.reference, t.status, t.priority, t.title, t.version, t.updated_at
FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
WHERE e.id = $1
"""


@strawberry.type
class NaiveEvent:
    id: strawberry.ID
    type: str
    from_status: str | None
    to_status: str | None
    message: str | None
    public: bool
    created_at: datetime


@strawberry.type
class NaiveTicket:
    id: strawberry.ID
    reference: str
    status: str
    priority: str
    title: str
    version: int
    updated_at: datetime


@strawberry.type
class NaiveMessage:
    """The same shape as Çözüm's TicketEventMessage for the benchmark's `flat` document."""

    cursor: str
    event: NaiveEvent
    ticket: NaiveTicket


def message_of(row: Any) -> NaiveMessage:
    return NaiveMessage(
        cursor=str(row["id"]),
        event=NaiveEvent(
            id=to_global_id("TicketEvent", row["id"]), type=row["type"], from_status=row["from_status"],
            to_status=row["to_status"], message=row["message"], public=row["public"], created_at=row["created_at"],
        ),
        ticket=NaiveTicket(
            id=to_global_id("Ticket", row["ticket_id"]), reference=row["reference"], status=row["status"],
            priority=row["priority"], title=row["title"], version=row["version"], updated_at=row["updated_at"],
        ),
    )


@strawberry.type
class Query:
    naive: bool = True


@strawberry.type
class Subscription:
    @strawberry.subscription
    async def ticket_events(self) -> AsyncGenerator[NaiveMessage, None]:
        connection = await asyncpg.connect(DSN)
        notified: asyncio.Queue[str] = asyncio.Queue()
        await connection.add_listener(CHANNEL, lambda *args: notified.put_nowait(args[3]))
        try:
            while True:
                event_id = int((await notified.get()).split(":")[0])
                row = await connection.fetchrow(READ, event_id)
                if row is not None:
                    yield message_of(row)
        finally:
            await connection.close()


DSN = asyncpg_dsn(os.environ.get("DATABASE_URL", ""))


def build() -> Starlette:
    cozum = create_app(os.environ["DATABASE_URL"])
    naive = GraphQL(strawberry.Schema(query=Query, subscription=Subscription), keep_alive=True, keep_alive_interval=15)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        # Mounted apps get no lifespan of their own: run Çözüm's (its hub idles, with no subscribers).
        async with cozum.router.lifespan_context(cozum):
            yield

    return Starlette(routes=[WebSocketRoute("/graphql", naive), Mount("/", cozum)], lifespan=lifespan)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    # The same server settings as `cozum serve`.
    uvicorn.run(build(), host="127.0.0.1", port=parser.parse_args().port, log_level="info", proxy_headers=True)


if __name__ == "__main__":
    main()
