"""/metrics speaks Prometheus' text format and follows what the process is doing."""

import httpx

from tests.fixtures.metrics import scrape


async def test_the_process_pool_and_hub_are_described(http: httpx.AsyncClient) -> None:
    samples = await scrape(http)
    assert samples[("process_resident_memory_bytes", ())] > 0
    assert ("cozum_db_pool_connections", (("state", "in_use"),)) in samples
    assert samples[("cozum_live_subscribers", (("kind", "staff"),))] == 0
    assert ("cozum_live_listener_connected", ()) in samples
