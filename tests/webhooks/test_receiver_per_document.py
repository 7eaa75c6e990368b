"""A receiver built from docs/webhooks.md alone: its verification snippet, run as printed, accepts
every delivery as it arrived and refuses a changed body, a changed timestamp and an old one; and
rotating twice within the grace period leaves exactly the documented secrets signing."""

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.webhooks.helpers import ROTATE, dispatching, register
from tests.webhooks.receiver import Delivery, WebhookReceiver

DOC = Path(__file__).parents[2] / "docs" / "webhooks.md"
Verify = Callable[..., bool]


def documented_verify() -> Verify:
    section = DOC.read_text(encoding="utf-8").split("## Verifying the signature", 1)[1]
    [snippet] = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.S)
    namespace: dict[str, object] = {}
    exec(compile(snippet, str(DOC), "exec"), namespace)
    verify = namespace["verify"]
    assert callable(verify)
    return verify  # type: ignore[return-value]


def as_received(delivery: Delivery) -> dict[str, str]:
    """The headers as a receiver's framework names them."""
    names = {"cozum-timestamp": "Cozum-Timestamp", "cozum-signature": "Cozum-Signature"}
    return {names.get(k, k): v for k, v in delivery.headers.items()}


async def test_the_documented_snippet_accepts_what_was_sent_and_nothing_changed(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    verify = documented_verify()
    _, secret = await register(admin, f"{receiver.url}/hooks", ["CREATED"], includeContact=True)
    async with dispatching(database_url, webhook_settings) as observed:
        # Non-ASCII text in the body: the bytes signed must be the UTF-8 bytes sent.
        await submit(client, email="mehmet@example.org", name="Şükrü Öztürk Çağlayan")
        await observed.delivered(1)
    [delivery] = receiver.at("/hooks")
    assert "Şükrü" in delivery.raw.decode("utf-8")
    headers = as_received(delivery)
    assert verify(secret, headers, delivery.raw)
    assert len(delivery.raw) == int(delivery.headers["content-length"])
    assert not verify("another secret", headers, delivery.raw)
    assert not verify(secret, headers, delivery.raw.replace(b"NEW", b"CLOSED"))
    assert not verify(secret, headers, delivery.raw + b" ")
    later = {**headers, "Cozum-Timestamp": str(int(headers["Cozum-Timestamp"]) + 1)}
    assert not verify(secret, later, delivery.raw)
    assert abs(int(headers["Cozum-Timestamp"]) - time.time()) < 60  # signed when sent
    # The same request replayed after the tolerance is refused on its timestamp alone.
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 301)
    assert not verify(secret, headers, delivery.raw)


async def test_rotating_twice_within_the_grace_period_keeps_only_the_secret_just_retired(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, engine: AsyncEngine,
) -> None:
    verify = documented_verify()
    endpoint_id, first = await register(admin, f"{receiver.url}/hooks", ["CREATED"])
    once = await admin.mutate("rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id}})
    twice = await admin.mutate("rotateWebhookSecret", ROTATE, {"input": {"id": endpoint_id}})
    second, third = once["secret"], twice["secret"]
    assert len({first, second, third}) == 3
    assert twice["endpoint"]["previousSecretUntil"] > once["endpoint"]["previousSecretUntil"]  # a fresh grace
    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org")
        await observed.delivered(1)
    [delivery] = receiver.at("/hooks")
    headers = as_received(delivery)
    assert len(delivery.signatures) == 2
    assert verify(third, headers, delivery.raw) and verify(second, headers, delivery.raw)
    assert not verify(first, headers, delivery.raw)  # as docs/webhooks.md warns
    assert await rows(engine, "SELECT previous_secret FROM webhook_endpoints") == [{"previous_secret": second}]
