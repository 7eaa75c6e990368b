"""The WhatsApp processor: takes stored webhook calls off the `inbound_events` queue and turns
them into tickets, timeline entries, attachments and receipts.

Per call: parsed; the media of messages not stored yet fetched from the Graph API and checked,
outside any transaction; then one transaction stores everything the call brings and marks it
PROCESSED (or IGNORED, with the reason, when nothing in it is for us). When Meta cannot be
reached the call goes back to the queue with a back-off, and is FAILED after
inbound_give_up_hours. Runs in the app's lifespan or in `cozum worker`, like the outbox's.
"""

import asyncio
import io
import json
import logging
from collections.abc import Callable
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from starlette.datastructures import UploadFile

from cozum.attachments.checks import check_file
from cozum.attachments.kinds import ANY_KIND
from cozum.config import Settings
from cozum.context import undo_uncommitted
from cozum.db import SessionMaker, asyncpg_dsn, create_engine, create_sessionmaker, transaction
from cozum.kit.claim_loop import POLL_SECONDS, ClaimLoop
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.notifications.backoff import retry_delay
from cozum.whatsapp import queue
from cozum.whatsapp.conversation import lock_sender
from cozum.whatsapp.errors import GraphUnavailable, MediaRefused, TryLater
from cozum.whatsapp.media import GraphClient
from cozum.whatsapp.models import InboundStatus
from cozum.whatsapp.parse import Message, Parsed, parse
from cozum.whatsapp.receipts import record_receipts
from cozum.whatsapp.routes import SOURCE
from cozum.whatsapp.store import Prepared, known_wamids, store_message

log = logging.getLogger(__name__)
CHANNEL = "inbound"  # NOTIFYed by a trigger on every insert (see the 2026-12-02-2348 migration)
LEASE_SECONDS = 300.0  # a call with a few videos to fetch and check, with room to spare
REASON_MAX = 1000

OnDone = Callable[[int, InboundStatus | None], None]


class Processor(ClaimLoop[queue.Claimed]):
    name = "whatsapp processor"

    def __init__(
        self, settings: Settings, sessionmaker: SessionMaker, dsn: str, *, concurrency: int = 4,
        poll_seconds: float = POLL_SECONDS, on_done: OnDone | None = None, engine: AsyncEngine | None = None,
        lease_seconds: float = LEASE_SECONDS,
    ) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.lease_seconds = lease_seconds
        super().__init__(dsn, CHANNEL, concurrency=concurrency, work_timeout=lease_seconds / 2,
                         poll_seconds=poll_seconds)
        limit = max(settings.max_photo_bytes, settings.max_video_bytes)
        self.graph = GraphClient(settings.whatsapp_graph_url, settings.whatsapp_access_token, limit,
                                 httpx.AsyncClient(timeout=30.0))
        self.on_done = on_done
        self._engine = engine  # owned: disposed at stop

    @classmethod
    def for_database(cls, database_url: str, settings: Settings, **options: Any) -> "Processor":
        engine = create_engine(database_url, pool_size=2)
        return cls(settings, create_sessionmaker(engine), asyncpg_dsn(database_url), engine=engine, **options)

    async def stop(self) -> None:
        await super().stop()
        await self.graph.close()
        if self._engine is not None:
            await self._engine.dispose()

    async def claim(self, limit: int) -> list[queue.Claimed]:
        async with transaction(self.sessionmaker) as session:
            return await queue.claim(session, SOURCE, limit, self.lease_seconds)

    async def until_due(self) -> float | None:
        async with self.sessionmaker() as session:
            seconds = (await session.execute(queue.NEXT_DUE, {"source": SOURCE})).scalar_one_or_none()
        return None if seconds is None else float(seconds)

    def describe(self, item: queue.Claimed) -> str:
        return f"inbound event {item.id}"

    async def work(self, item: queue.Claimed) -> None:
        try:
            status = await self._process(item)
        except TryLater as later:
            status = await self._retry(item, str(later))
        except Exception as error:  # a bug must not lose the call: it waits, with the error, for a fix
            log.exception("whatsapp: %s failed", self.describe(item))
            status = await self._retry(item, f"{type(error).__name__}: {error}")
        if self.on_done is not None:
            self.on_done(item.id, status)

    async def _retry(self, item: queue.Claimed, error: str) -> InboundStatus | None:
        s = self.settings
        delay = retry_delay(item.attempts, s.outbox_retry_base_seconds, s.outbox_retry_max_seconds)
        async with transaction(self.sessionmaker) as session:
            status = await queue.retry(session, item, error[:REASON_MAX], delay, s.inbound_give_up_hours * 3600)
        if status is InboundStatus.FAILED:
            log.warning("whatsapp: gave up on inbound event %s after %s tries: %s", item.id, item.attempts, error)
        return status

    async def _process(self, item: queue.Claimed) -> InboundStatus | None:
        try:
            parsed = parse(json.loads(item.body), item.received_at)
        except (ValueError, RecursionError):
            parsed = Parsed(ignored=["not JSON"])
        async with self.sessionmaker() as session:
            known = await known_wamids(session, [m.wamid for m in parsed.messages])
        fresh = [m for m in parsed.messages if m.wamid not in known]
        prepared = await self._prepare_all(fresh)
        async with self.sessionmaker() as session:
            try:
                async with session.begin():
                    return await self._store(session, item, parsed, fresh, prepared)
            except BaseException:
                await undo_uncommitted(session)  # files written for what did not commit
                raise

    async def _store(
        self, session: AsyncSession, item: queue.Claimed, parsed: Parsed, fresh: list[Message],
        prepared: dict[str, Prepared],
    ) -> InboundStatus | None:
        if not await queue.hold(session, item):
            return None
        for wa_id in sorted({m.wa_id for m in fresh}):  # in one order, so two calls cannot deadlock
            await lock_sender(session, wa_id)
        landed = await known_wamids(session, [m.wamid for m in fresh])  # placed meanwhile by another call
        for message in sorted(fresh, key=lambda m: m.sent_at):
            if message.wamid in landed:
                continue
            try:
                async with session.begin_nested():
                    await store_message(session, self.settings, item.id, message, prepared.get(message.wamid))
            except DomainError as refused:
                parsed.ignored.append(f"message {message.wamid[:80]}: {refused.message}")
        await record_receipts(session, parsed.receipts)
        # A call with a message or receipt in it was for us, even if every one was here already.
        status = InboundStatus.PROCESSED if parsed.messages or parsed.receipts else InboundStatus.IGNORED
        reason = "; ".join(parsed.ignored)[:REASON_MAX] or None
        await queue.finish(session, item, status, reason)
        return status

    async def _prepare_all(self, messages: list[Message]) -> dict[str, Prepared]:
        # Within half the lease, with time left to store: a Graph API trickling its bytes must
        # not outlast the lease (another processor would take the call and fetch it all again,
        # for ever, and it would never come to be given up).
        budget = self.lease_seconds / 2
        try:
            async with asyncio.timeout(budget):
                return {m.wamid: await self._prepare(m) for m in messages if m.media is not None}
        except TimeoutError:
            raise GraphUnavailable(f"the Graph API was too slow: the media took more than {budget:.0f}s") from None

    async def _prepare(self, message: Message) -> Prepared:
        assert message.media is not None
        try:
            fetched = await self.graph.fetch(message.media.id)
        except MediaRefused as refused:
            return Prepared(problem=str(refused))
        upload = UploadFile(io.BytesIO(fetched.data), size=len(fetched.data), filename=message.media.filename)
        try:
            checked = await check_file(upload, self.settings, ["media"], accept=ANY_KIND)  # PDFs and voice too
        except DomainError as refused:
            if refused.code is UserErrorCode.TOO_MANY_ATTEMPTS:  # the checks are busy: later
                raise TryLater(refused.message) from None
            return Prepared(sha256=fetched.sha256, problem=refused.message)
        return Prepared(file=checked, sha256=fetched.sha256)
