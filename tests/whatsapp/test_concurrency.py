"""Once, however it comes: one wamid in different calls posted at once to two processors side by
side; a call whose lease ran out finished by another; one message split twice at once. And the
queue reading many threads at once without a statement per ticket."""

import asyncio
import copy
import time

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.kit.relay import to_global_id
from cozum.whatsapp.processor import Processor
from tests.conftest import SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.whatsapp.helpers import (
    Watcher,
    message_of,
    post,
    rows,
    running_processor,
    scalar,
    settled,
    value_of,
    variant,
)

SPLIT = """
mutation($input: SplitWhatsAppMessageInput!) {
  splitWhatsAppMessage(input: $input) { ticket { reference } userErrors { code } }
}
"""


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    tables = ("tickets", "contacts", "whatsapp_messages", "attachments", "outbox")
    return {t: int(await scalar(engine, f"SELECT count(*) FROM {t}")) for t in tables}


async def test_one_wamid_in_different_calls_at_once_to_two_processors_lands_once(
    http: httpx.AsyncClient, engine: AsyncEngine, database_url: str, settings: Settings
) -> None:
    now = time.time()
    image = variant("image", "wamid.P1", now)
    with_text = copy.deepcopy(image)  # the same photo, batched with a text in another call
    value_of(with_text)["messages"].append({**message_of(variant("text", "wamid.P2", now + 1)), "from": "905321112233"})
    # Either may take any call, or all of them: one watcher for both, so waiting ends when the
    # queue is empty whoever emptied it.
    both = Watcher()
    async with running_processor(database_url, settings, both), running_processor(database_url, settings, both):
        answers = await asyncio.gather(*[post(http, image) for _ in range(5)], *[post(http, with_text) for _ in range(5)])
        assert [a.status_code for a in answers] == [200] * 10
        await settled(engine, both)
    assert [e["status"] for e in await rows(engine, "SELECT status FROM inbound_events")] == ["PROCESSED"] * 10
    assert await _counts(engine) == {"tickets": 1, "contacts": 1, "whatsapp_messages": 2, "attachments": 1, "outbox": 1}


async def test_a_call_whose_lease_ran_out_is_finished_once_by_whoever_holds_it_now(
    http: httpx.AsyncClient, engine: AsyncEngine, database_url: str, settings: Settings
) -> None:
    assert (await post(http, variant("image", "wamid.L1"))).status_code == 200
    slow = Processor.for_database(database_url, settings, on_done=Watcher())
    fast = Processor.for_database(database_url, settings, on_done=Watcher())
    try:
        [stale] = await slow.claim(1)
        async with engine.begin() as connection:  # the lease runs out while the slow one is still on it
            await connection.execute(text("UPDATE inbound_events SET locked_until = now() - interval '1 second'"))
        [current] = await fast.claim(1)
        assert current.attempts == stale.attempts + 1
        await fast.work(current)
        await slow.work(stale)  # finishes late: must store nothing, nor undo anything
    finally:
        for processor in (slow, fast):
            await processor.graph.close()
            assert processor._engine is not None
            await processor._engine.dispose()
    [event] = await rows(engine, "SELECT status, attempts FROM inbound_events")
    assert (event["status"], event["attempts"]) == ("PROCESSED", 2)
    assert await _counts(engine) == {"tickets": 1, "contacts": 1, "whatsapp_messages": 1, "attachments": 1, "outbox": 1}


async def test_one_message_split_twice_at_once_makes_one_ticket(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, staff: GraphQLClient
) -> None:
    now = time.time()
    for name, wamid, at in (("text", "wamid.T1", now), ("image", "wamid.T2", now + 60)):
        assert (await post(http, variant(name, wamid, at))).status_code == 200
        await settled(engine, processor)
    [photo] = await rows(engine, "SELECT id FROM whatsapp_messages WHERE wamid = 'wamid.T2'")
    variables = {"input": {"messageId": to_global_id("WhatsAppMessage", photo["id"])}}
    answers = await asyncio.gather(staff.data(SPLIT, variables), staff.data(SPLIT, variables))
    payloads = sorted((a["splitWhatsAppMessage"] for a in answers), key=lambda p: p["ticket"] is None)
    assert payloads[0]["ticket"] is not None and payloads[0]["userErrors"] == []
    assert payloads[1] == {"ticket": None, "userErrors": [{"code": "INVALID"}]}
    assert await scalar(engine, "SELECT count(*) FROM tickets") == 2
    assert await scalar(engine, "SELECT count(*) FROM ticket_events WHERE type = 'MESSAGE_SPLIT'") == 2


QUEUE = """
query { tickets(first: 50) { edges { node { reference whatsappMessages {
  id text attachment { kind } splitFromTicket { reference } } } } } }
"""


async def test_the_queue_reads_every_tickets_thread_in_a_fixed_number_of_statements(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, staff: GraphQLClient, sql_log: SqlLog
) -> None:
    async def statements(senders: int) -> int:
        for n in range(senders):
            payload = variant("image", f"wamid.Q{senders}-{n}")
            message_of(payload)["from"] = value_of(payload)["contacts"][0]["wa_id"] = f"90532{senders}{n:06d}"
            assert (await post(http, payload)).status_code == 200
        await settled(engine, processor)
        sql_log.clear()
        data = await staff.data(QUEUE)
        assert all(edge["node"]["whatsappMessages"] for edge in data["tickets"]["edges"])
        return len(sql_log.statements)

    assert await statements(2) == await statements(6)  # 2 then 8 tickets: no statement per ticket
