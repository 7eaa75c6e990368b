"""Several workers side by side never send the same row."""

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.config import Settings
from cozum.contacts.service import ContactDetails
from cozum.tickets.enums import ReplyChannel
from tests.notifications.helpers import rows, running_worker, until_together
from tests.notifications.receivers import HttpReceiver
from tests.tickets.factories import create, operator

MESSAGES = 200


async def test_two_workers_over_200_messages_send_each_exactly_once(
    db: AsyncSession, sms_gateway: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    actor = await operator(db)
    for number in range(MESSAGES):
        phone = f"+90532{number:07d}"
        await create(db, actor, contact=ContactDetails(phone=phone), reply_channel=ReplyChannel.SMS)
    await db.commit()
    # Two workers, each with its own engine and LISTEN connection, as two processes would have.
    async with running_worker(database_url, outbox_settings) as first, \
            running_worker(database_url, outbox_settings) as second:
        # A bound, not a pause: ~2 s on an idle machine, much more on a busy shared one.
        await until_together([first, second], MESSAGES, within=90)
    counts = sms_gateway.count_by_key()
    assert len(counts) == MESSAGES and set(counts.values()) == {1}
    assert len(first.recorded) + len(second.recorded) == MESSAGES
    assert first.recorded and second.recorded  # both took part
    assert {r.status.value for r in first.recorded + second.recorded if r.status} == {"SENT"}
    sent = await rows(engine, "SELECT count(*) AS n FROM outbox WHERE status = 'SENT' AND attempts = 1")
    assert sent == [{"n": MESSAGES}]
