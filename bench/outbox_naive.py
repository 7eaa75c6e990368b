"""The reference the outbox benchmark measures Çözüm's worker against: the textbook naive outbox
worker. One row per transaction (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1), the transaction and
its connection held open across the send, no LISTEN, a poll every second when nothing is due.
It runs `loops` such loops side by side (as many as the worker's concurrency) and uses the same
composition and senders, so only the claiming and waking differ.
"""

import asyncio

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.actor import SYSTEM
from cozum.config import Settings
from cozum.db import SessionMaker, transaction
from cozum.kit.language import Language
from cozum.kit.time import utcnow
from cozum.notifications.claim import _tickets
from cozum.notifications.compose import Row, compose
from cozum.notifications.models import AttemptOutcome, DeliveryAttempt, NotificationKind
from cozum.notifications.senders.registry import Senders
from cozum.notifications.templates import stored_templates
from cozum.tickets.enums import ReplyChannel
from cozum.tickets.events import notification_sent_event

_NEXT = text("""
SELECT id, ticket_id, kind, channel, language, data, idempotency_key, attempts, created_at FROM outbox
WHERE status = 'PENDING' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
""")


class NaiveWorker:
    def __init__(self, settings: Settings, sessionmaker: SessionMaker, senders: Senders, loops: int,
                 poll: float = 1.0, engine: AsyncEngine | None = None) -> None:
        self.settings, self.sessionmaker, self.senders = settings, sessionmaker, senders
        self.loops, self.poll, self.engine = loops, poll, engine
        self._tasks: list[asyncio.Task[None]] = []
        self._stopping = False

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._loop()) for _ in range(self.loops)]

    async def stop(self) -> None:
        """Lets each loop finish its row (cancelling one mid-transaction could leak its connection)."""
        self._stopping = True
        await asyncio.gather(*self._tasks)
        await self.senders.close()
        if self.engine is not None:
            await self.engine.dispose()

    async def _loop(self) -> None:
        while not self._stopping:
            if not await self._one():
                await asyncio.sleep(self.poll)

    async def _one(self) -> bool:
        async with transaction(self.sessionmaker) as session:
            found = (await session.execute(_NEXT)).mappings().first()
            if found is None:
                return False
            row = Row(id=found["id"], ticket_id=found["ticket_id"], kind=NotificationKind(found["kind"]),
                      channel=ReplyChannel(found["channel"]), language=Language(found["language"]),
                      data=dict(found["data"]), idempotency_key=found["idempotency_key"],
                      attempts=found["attempts"] + 1, created_at=found["created_at"])
            ticket, contact, department = (await _tickets(session, {row.ticket_id}))[row.ticket_id]
            message = compose(self.settings, await stored_templates(session), row, ticket, contact, department,
                              utcnow())
            sender = self.senders.get(row.channel)
            assert sender is not None
            result = await sender.send(message)  # the row lock and the connection held meanwhile
            await session.execute(text(
                "UPDATE outbox SET status = 'SENT', attempts = attempts + 1, sent_at = now(), "
                "provider_message_id = :provider WHERE id = :id"), {"id": row.id, "provider": result.provider_id})
            session.add(DeliveryAttempt(outbox_id=row.id, number=row.attempts, outcome=AttemptOutcome.SENT,
                                        provider_message_id=result.provider_id, finished_at=utcnow()))
            notification_sent_event(session, ticket, SYSTEM, row.id, row.kind.value, row.channel.value, row.attempts)
        return True
