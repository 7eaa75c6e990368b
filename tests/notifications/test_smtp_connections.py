"""The e-mail sender keeps as many SMTP connections open as the outbox sends at once."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from cozum.config import Settings
from cozum.kit.language import Language
from cozum.notifications.senders.base import Outgoing
from cozum.notifications.senders.registry import senders_from
from cozum.tickets.enums import ReplyChannel
from tests.notifications.receivers import MailInbox, serving

AT_ONCE = 3


class CountingInbox(MailInbox):
    """Also counts greetings: a client sends EHLO once on each connection it opens."""

    def __init__(self) -> None:
        super().__init__()
        self.connections = 0

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        self.connections += 1
        session.host_name = hostname
        return responses


@pytest.fixture
def counting_inbox() -> Iterator[CountingInbox]:
    yield from serving(CountingInbox())


def message(n: int) -> Outgoing:
    return Outgoing(
        channel=ReplyChannel.EMAIL, to=f"vatandas{n}@example.org", subject="Talebiniz", body="Alındı.",
        language=Language.TR, reference=f"TST-2026-{n:06d}", status="Alındı", link="http://localhost/t",
        idempotency_key=f"key-{n}",
    )


async def test_as_many_connections_are_kept_as_messages_are_sent_at_once(
    counting_inbox: CountingInbox, settings: Settings
) -> None:
    configured = settings.model_copy(update={"smtp_url": counting_inbox.url, "outbox_concurrency": AT_ONCE})
    senders = senders_from(configured, timeout=10)
    email = senders.get(ReplyChannel.EMAIL)
    assert email is not None
    try:
        for burst in range(3):  # one more at once than are kept: that one's connection is closed after
            await asyncio.gather(*(email.send(message(burst * 10 + n)) for n in range(AT_ONCE + 1)))
        await counting_inbox.wait_for(3 * (AT_ONCE + 1))
    finally:
        await senders.close()
    # The first burst opens four; each later one reuses the three kept and opens one.
    assert counting_inbox.connections == AT_ONCE + 1 + 2
