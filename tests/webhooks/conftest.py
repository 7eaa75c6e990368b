from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.config import Settings
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.webhooks.receiver import WebhookReceiver


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    server = WebhookReceiver()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    """Retries in milliseconds; the receiver is on 127.0.0.1, which the test settings allow."""
    assert settings.webhooks_reach_private
    return settings.model_copy(update={"webhook_retry_base_seconds": 0.01, "webhook_retry_max_seconds": 0.05})


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Zeynep Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()
