from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.config import Settings
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import PHONE_NUMBER_ID, TOKEN, Running, running_worker
from tests.notifications.receivers import HttpReceiver, MailInbox, serving, sms_answer, whatsapp_answer


@pytest.fixture
def inbox() -> Iterator[MailInbox]:
    yield from serving(MailInbox())


@pytest.fixture
def sms_gateway() -> Iterator[HttpReceiver]:
    """Answers 200 unless a test gives it another `behaviour`."""
    gateway = HttpReceiver(sms_answer)
    gateway.start()
    yield gateway
    gateway.stop()


@pytest.fixture
def whatsapp() -> Iterator[HttpReceiver]:
    graph = HttpReceiver(whatsapp_answer, token=TOKEN)
    graph.start()
    yield graph
    graph.stop()


@pytest.fixture
def outbox_settings(settings: Settings, inbox: MailInbox, sms_gateway: HttpReceiver, whatsapp: HttpReceiver) -> Settings:
    """The app's settings with every sender pointed at a local receiver, and retries in milliseconds."""
    return settings.model_copy(update={
        "smtp_url": inbox.url, "sms_gateway_url": f"{sms_gateway.base_url}/sms",
        "whatsapp_graph_url": f"{whatsapp.base_url}/v21.0", "whatsapp_phone_number_id": PHONE_NUMBER_ID,
        "whatsapp_access_token": TOKEN, "outbox_retry_base_seconds": 0.01, "outbox_retry_max_seconds": 0.05,
    })


@pytest.fixture
async def worker(database_url: str, outbox_settings: Settings) -> AsyncIterator[Running]:
    async with running_worker(database_url, outbox_settings) as running:
        yield running


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Zeynep Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()
