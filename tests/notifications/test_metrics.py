"""/metrics shows the outbox as the tables hold it: pending, oldest, attempts, failures."""

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.metrics import scrape
from tests.notifications.helpers import rows, running_worker, submit

EMAIL = (("channel", "EMAIL"),)
SMS = (("channel", "SMS"),)


async def test_pending_messages_and_failed_tries_are_counted_by_channel(
    client: GraphQLClient, http: httpx.AsyncClient, database_url: str, settings: Settings, engine: AsyncEngine
) -> None:
    before = await scrape(http)
    assert before[("cozum_outbox_pending", EMAIL)] == 0 and before[("cozum_outbox_oldest_pending_seconds", ())] == 0
    await submit(client, email="mehmet@example.org")
    await submit(client, email="ayse@example.org")
    waiting = await scrape(http)
    assert waiting[("cozum_outbox_pending", EMAIL)] == 2 and waiting[("cozum_outbox_pending", SMS)] == 0
    assert waiting[("cozum_outbox_oldest_pending_seconds", ())] > 0

    # No SMTP_URL: each try fails as "not configured" and the messages wait for an administrator.
    async with running_worker(database_url, settings.model_copy(update={"outbox_retry_base_seconds": 3600})) as worker:
        recorded = await worker.until(lambda rs: len(rs) == 2)
    assert all(r.error == "EMAIL is not configured (set SMTP_URL)" for r in recorded)
    after = await scrape(http)
    assert after[("cozum_outbox_pending", EMAIL)] == 2
    assert after[("cozum_outbox_attempts_total", EMAIL)] == 2
    assert after[("cozum_outbox_failures_total", EMAIL)] == 2
    assert after[("cozum_outbox_failures_total", SMS)] == 0
    assert after[("cozum_outbox_gave_up", ())] == 0
    assert [r["last_error"] for r in await rows(engine, "SELECT last_error FROM outbox")] == [
        "EMAIL is not configured (set SMTP_URL)"
    ] * 2
