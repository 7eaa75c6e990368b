"""Media through the Graph API: tried again while Meta fails, landed once it answers; a file
that does not hash to Meta's sha256 is refused, and its message lands without it."""

import time

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.whatsapp.models import InboundStatus
from tests.whatsapp.graph import GraphServer
from tests.whatsapp.helpers import IMAGE_ID, Watcher, post, rows, settled, variant


async def test_a_failing_graph_api_is_tried_again_until_the_media_lands(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    graph.faults.failing = 3
    assert (await post(http, variant("image", "wamid.M1"))).status_code == 200
    await processor.until(lambda: len(processor.done) >= 4)
    await settled(engine, processor)
    [event] = await rows(engine, "SELECT status, attempts FROM inbound_events")
    assert (event["status"], event["attempts"]) == ("PROCESSED", 4)
    # Three tries put back for later, the fourth landed.
    P, D = InboundStatus.PENDING, InboundStatus.PROCESSED
    assert [status for _, status in processor.done] == [P, P, P, D]
    [message] = await rows(engine, "SELECT attachment_id, media_problem FROM whatsapp_messages")
    assert message["attachment_id"] is not None and message["media_problem"] is None
    assert len(await rows(engine, "SELECT id FROM tickets")) == 1


async def test_a_graph_api_failing_past_the_give_up_time_fails_the_call_and_keeps_why(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    graph.faults.failing = 1000
    assert (await post(http, variant("image", "wamid.M4"))).status_code == 200
    await processor.until(lambda: len(processor.done) >= 1)
    async with engine.begin() as connection:  # a day later, as far as the queue can tell
        await connection.execute(text("UPDATE inbound_events SET received_at = received_at - interval '25 hours'"))
    await processor.until(lambda: processor.done[-1][1] is InboundStatus.FAILED)
    [event] = await rows(engine, "SELECT status, last_error FROM inbound_events")
    assert event["status"] == "FAILED" and "HTTP 500" in event["last_error"]
    assert await rows(engine, "SELECT id FROM tickets") == []


async def test_media_whose_sha256_does_not_match_is_refused_and_the_message_still_lands(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    graph.media[IMAGE_ID].claimed_sha256 = "Mx9YAbQ6PpEo0wQ1V7m1bq2hC6bq6Jb8Zr8qg0c1xk8="
    assert (await post(http, variant("image", "wamid.M2", time.time()))).status_code == 200
    await settled(engine, processor)
    [message] = await rows(engine, "SELECT attachment_id, media_problem, text, ticket_id FROM whatsapp_messages")
    assert message["attachment_id"] is None and "sha256" in message["media_problem"]
    assert message["text"] == "Çukurun fotoğrafı" and message["ticket_id"] is not None
    assert await rows(engine, "SELECT id FROM attachments") == []


async def test_media_the_graph_api_does_not_know_is_a_media_problem_not_a_retry(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    del graph.media[IMAGE_ID]
    assert (await post(http, variant("image", "wamid.M3"))).status_code == 200
    await settled(engine, processor)
    [event] = await rows(engine, "SELECT status, attempts FROM inbound_events")
    assert (event["status"], event["attempts"]) == ("PROCESSED", 1)
    [message] = await rows(engine, "SELECT attachment_id, media_problem FROM whatsapp_messages")
    assert message["attachment_id"] is None and "HTTP 404" in message["media_problem"]


async def test_a_citizen_brings_at_most_five_pdfs_to_one_request(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    start = time.time() - 60
    for number in range(6):
        assert (await post(http, variant("document", f"wamid.PDF{number}", start + number))).status_code == 200
        await settled(engine, processor)
    messages = await rows(engine, "SELECT attachment_id, media_problem, ticket_id FROM whatsapp_messages ORDER BY sent_at")
    assert len({m["ticket_id"] for m in messages}) == 1
    assert [m["attachment_id"] is not None for m in messages] == [True] * 5 + [False]
    assert "at most 5 photos, one video, 5 documents" in messages[5]["media_problem"]
    kinds = await rows(engine, "SELECT kind FROM attachments")
    assert [k["kind"] for k in kinds] == ["DOCUMENT"] * 5
