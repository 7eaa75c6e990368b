"""A receiver cannot hold a dispatcher beyond the timeout, make it read more than the start of an
answer, inflate a compressed answer in its memory, or send it elsewhere by redirecting."""

import time
import tracemalloc
from collections.abc import Iterator

import pytest

from cozum.config import Settings
from cozum.webhooks.outcomes import ERROR_MAX
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import submit
from tests.webhooks.helpers import Observed, dispatching, register
from tests.webhooks.hostile import INFLATED, HostileReceiver
from tests.webhooks.receiver import WebhookReceiver

TIMEOUT = 0.5


@pytest.fixture
def hostile(receiver: WebhookReceiver) -> Iterator[HostileReceiver]:
    server = HostileReceiver(redirect_to=f"{receiver.url}/hooks")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def quick(webhook_settings: Settings) -> Settings:
    return webhook_settings.model_copy(update={"webhook_timeout_seconds": TIMEOUT})


async def _first_try(admin: GraphQLClient, client: GraphQLClient, url: str, database_url: str,
                     settings: Settings) -> tuple[Observed, float]:
    await register(admin, url, ["CREATED"])
    await submit(client, email="mehmet@example.org")
    async with dispatching(database_url, settings) as observed:
        started = time.monotonic()
        await observed.until(lambda rs: len(rs) >= 1)
        took = time.monotonic() - started
    return observed, took


async def test_a_receiver_that_never_answers_holds_a_try_only_for_the_timeout(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, database_url: str, quick: Settings,
) -> None:
    observed, took = await _first_try(admin, client, f"{hostile.url}/silent", database_url, quick)
    first = observed.recorded[0]
    assert first.status is not None and first.status.value == "PENDING" and first.status_code is None
    assert first.error == f"no answer within {TIMEOUT:g} s"
    assert took < TIMEOUT + 2


async def test_an_endless_success_is_delivered_without_reading_it(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, database_url: str, quick: Settings,
) -> None:
    observed, took = await _first_try(admin, client, f"{hostile.url}/endless-ok", database_url, quick)
    first = observed.recorded[0]
    assert first.status is not None and first.status.value == "SENT" and first.status_code == 200
    assert took < TIMEOUT + 2


async def test_of_an_endless_refusal_only_the_start_is_read(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, database_url: str, quick: Settings,
) -> None:
    observed, took = await _first_try(admin, client, f"{hostile.url}/endless-refusal", database_url, quick)
    first = observed.recorded[0]
    assert first.status_code == 500 and first.error is not None
    assert first.error.startswith("HTTP 500: xxx") and len(first.error) <= ERROR_MAX + len("HTTP 500: ")
    assert took < TIMEOUT + 2


async def test_a_compressed_refusal_is_never_inflated(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, database_url: str, quick: Settings,
) -> None:
    tracemalloc.start()
    try:
        observed, _ = await _first_try(admin, client, f"{hostile.url}/gzip-refusal", database_url, quick)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    first = observed.recorded[0]
    assert first.status_code == 500 and first.error == "HTTP 500: (a compressed answer, not shown)"
    assert peak < INFLATED / 10  # the 100 MB it stands for never came to be


async def test_a_redirect_is_a_failed_try_and_is_not_followed(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, receiver: WebhookReceiver,
    database_url: str, quick: Settings,
) -> None:
    observed, _ = await _first_try(admin, client, f"{hostile.url}/redirect", database_url, quick)
    first = observed.recorded[0]
    assert first.status is not None and first.status.value == "PENDING" and first.status_code == 307
    assert receiver.deliveries == []


async def test_nul_bytes_in_a_refusal_do_not_stop_the_try_being_recorded(
    admin: GraphQLClient, client: GraphQLClient, hostile: HostileReceiver, database_url: str, quick: Settings,
) -> None:
    # PostgreSQL text cannot hold NUL: written as sent, the outcome could never be recorded.
    observed, _ = await _first_try(admin, client, f"{hostile.url}/nul-refusal", database_url, quick)
    first = observed.recorded[0]
    assert first.status is not None and first.status.value == "PENDING" and first.status_code == 503
    assert first.error == "HTTP 503: busy\ufffd\ufffd try later"
