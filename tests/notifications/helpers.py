"""Starting a worker the way tests need it, watching what it records, and the documents."""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.notifications.worker import Recorded, Worker
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.recording import Recording
from tests.tickets.helpers import category_ids
from tests.tickets.queries import SUBMIT

TOKEN = "test-whatsapp-token"
PHONE_NUMBER_ID = "106540352242922"
WAIT = 30.0  # an upper bound for what a test awaits, reached only on a very busy machine


class Running(Recording[Recorded]):
    """A started worker and every outcome it has recorded, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.worker: Worker | None = None

    async def settled(self, count: int) -> list[Recorded]:
        """Until `count` messages reached a final status (sent or given up)."""
        return await self.until(lambda rs: sum(r.status is not None and r.status.value != "PENDING" for r in rs) >= count)


async def until_together(runs: list[Running], count: int, within: float = WAIT) -> None:
    """Until the workers have recorded `count` outcomes between them: woken by any of them, since
    the one that finishes its share first records nothing more."""
    async with asyncio.timeout(within):
        while True:
            for run in runs:
                run._changed.clear()
            if sum(len(run.recorded) for run in runs) >= count:
                return
            waits = [asyncio.ensure_future(run._changed.wait()) for run in runs]
            try:
                await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for wait in waits:
                    wait.cancel()


@contextlib.asynccontextmanager
async def running_worker(database_url: str, settings: Settings, **options: Any) -> AsyncIterator[Running]:
    running = Running()
    worker = Worker.for_database(database_url, settings, on_recorded=running, **options)
    running.worker = worker
    await worker.start()
    try:
        yield running
    finally:
        await worker.stop()


async def submit(client: GraphQLClient, *, language: str = "TR", reply: str = "EMAIL", **contact: str) -> dict[str, Any]:
    categories = await category_ids(client)
    payload = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"],
        "description": "Fatih Mahallesi 12. sokakta yolda büyük çukurlar var.",
        "contact": {"name": "Mehmet Yılmaz", **contact}, "replyChannel": reply, "language": language,
    }})
    return payload


async def rows(engine: AsyncEngine, sql: str, **params: Any) -> list[dict[str, Any]]:
    async with engine.connect() as connection:
        return [dict(r) for r in (await connection.execute(text(sql), params)).mappings()]


NOTIFICATIONS = """
query($id: ID!) {
  node(id: $id) { ... on Ticket { notifications { id kind channel status attempts lastError sentAt gaveUpAt } } }
}
"""

TEMPLATES = "{ messageTemplates { kind language subject body custom updatedAt placeholders } }"

UPDATE_TEMPLATE = """
mutation($input: UpdateMessageTemplateInput!) {
  updateMessageTemplate(input: $input) {
    template { kind language subject body custom updatedAt } userErrors { field code message }
  }
}
"""

RESET_TEMPLATE = """
mutation($input: ResetMessageTemplateInput!) {
  resetMessageTemplate(input: $input) { template { subject body custom } userErrors { field code message } }
}
"""
