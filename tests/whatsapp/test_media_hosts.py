"""Where the access token may go, and how long Meta may take: the token only to the configured
Graph API or Meta's own https media hosts, never along a redirect; a Graph API too slow for the
lease sends the call back to the queue instead of letting the lease run out under it."""

from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from cozum.whatsapp.media import GraphClient
from tests.whatsapp.graph import TOKEN, GraphServer, Served
from tests.whatsapp.helpers import IMAGE_ID, Watcher, post, rows, running_processor, settled, variant


@pytest.fixture
def elsewhere(graph: GraphServer) -> Iterator[GraphServer]:
    """Another host serving the same file, noting every Authorization it is sent."""
    server = GraphServer(media={IMAGE_ID: Served(graph.media[IMAGE_ID].data, "image/jpeg")})
    server.start()
    yield server
    server.stop()


def _other_host(server: GraphServer) -> str:
    return server.base_url.replace("127.0.0.1", "localhost")  # another name: another host


async def test_a_media_url_on_another_host_is_not_sent_the_token(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, elsewhere: GraphServer
) -> None:
    graph.faults.media_base = _other_host(elsewhere)
    assert (await post(http, variant("image", "wamid.H1"))).status_code == 200
    await settled(engine, processor)
    assert all(TOKEN not in (a or "") for a in elsewhere.authorizations), elsewhere.authorizations
    [message] = await rows(engine, "SELECT attachment_id, media_problem FROM whatsapp_messages")
    assert message["attachment_id"] is None and "host" in message["media_problem"]


async def test_a_redirect_from_the_media_url_is_not_followed_with_the_token(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, elsewhere: GraphServer
) -> None:
    graph.faults.redirect_to = _other_host(elsewhere)
    assert (await post(http, variant("image", "wamid.H2"))).status_code == 200
    await settled(engine, processor)
    assert elsewhere.authorizations == []
    [message] = await rows(engine, "SELECT attachment_id, media_problem FROM whatsapp_messages")
    assert message["attachment_id"] is None and "302" in message["media_problem"]


@pytest.mark.parametrize(("url", "trusted"), [
    ("https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", True),
    ("https://scontent.whatsapp.net/v/t61/1.jpg", True),
    ("http://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1", False),  # not https
    ("https://fbsbx.com.example.org/x", False),
    ("https://evilfbsbx.com/x", False),
    ("https://graph.facebook.com.example.org/x", False),
    ("https://user:pass@lookaside.fbsbx.com@example.org/x", False),
    ("https://graph.facebook.com/v21.0/files/1", True),
])
def test_which_media_urls_may_carry_the_token(url: str, trusted: bool) -> None:
    client = GraphClient("https://graph.facebook.com/v21.0", TOKEN, 1, httpx.AsyncClient())
    assert client.may_carry_token(url) is trusted


async def test_a_graph_api_slower_than_the_lease_sends_the_call_back_rather_than_past_its_lease(
    http: httpx.AsyncClient, engine: AsyncEngine, graph: GraphServer, database_url: str, settings: Settings
) -> None:
    graph.faults.download_delay = 3.0
    settings = settings.model_copy(update={"outbox_retry_base_seconds": 1.0, "outbox_retry_max_seconds": 1.0})
    async with running_processor(database_url, settings, lease_seconds=2.0) as watcher:
        assert (await post(http, variant("image", "wamid.H3"))).status_code == 200
        await watcher.until(lambda: len(watcher.done) >= 1)
        [(_, status)] = watcher.done
        [event] = await rows(engine, "SELECT status, attempts, last_error FROM inbound_events")
        assert status is not None and status.value == "PENDING", event
        assert event["attempts"] == 1 and "slow" in event["last_error"]
        graph.faults.download_delay = 0.0
        await settled(engine, watcher)
    [event] = await rows(engine, "SELECT status FROM inbound_events")
    assert event["status"] == "PROCESSED"
    [message] = await rows(engine, "SELECT attachment_id FROM whatsapp_messages")
    assert message["attachment_id"] is not None
