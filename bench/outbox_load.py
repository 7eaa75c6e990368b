"""The outbox benchmark's load: tickets filed through the real service (so the outbox rows are
written by the real enqueue), and what the receivers saw."""

import asyncio
import time
from dataclasses import dataclass

import httpx
from sqlalchemy import select, text

from cozum.auth.actor import CITIZEN
from cozum.contacts.service import ContactDetails
from cozum.db import SessionMaker, transaction
from cozum.departments.models import Category
from cozum.tickets.enums import IntakeChannel, ReplyChannel
from cozum.tickets.intake import NewTicket, create_ticket

DESCRIPTION = "Fatih Mahallesi 12. sokakta yolda büyük çukurlar var, araçlar zarar görüyor."


@dataclass
class Filed:
    keys: list[str]  # the outbox rows' idempotency keys
    ticket_ids: list[int]


class Producer:
    """Every other ticket asks for e-mail, the rest for SMS: half the messages go to each receiver."""

    def __init__(self, sessionmaker: SessionMaker, secret_key: str) -> None:
        self.sessionmaker = sessionmaker
        self.secret_key = secret_key
        self.counter = 0
        self.category_id: int | None = None

    def _ticket(self) -> NewTicket:
        self.counter += 1
        n = self.counter
        email = n % 2 == 0
        contact = ContactDetails(name=f"Vatandaş {n}", email=f"citizen{n}@example.org" if email else None,
                                 phone=None if email else f"+90532{n:07d}")
        assert self.category_id is not None
        return NewTicket(description=DESCRIPTION, category_id=self.category_id, channel=IntakeChannel.WEB,
                         contact=contact, reply_channel=ReplyChannel.EMAIL if email else ReplyChannel.SMS)

    async def file(self, count: int) -> Filed:
        """`count` tickets in one transaction."""
        async with transaction(self.sessionmaker) as session:
            if self.category_id is None:
                self.category_id = (await session.execute(
                    select(Category.id).where(Category.code == "ROAD_POTHOLE"))).scalar_one()
            ids = []
            for _ in range(count):
                created = await create_ticket(
                    session, CITIZEN, self._ticket(), prefix="CZM", secret_key=self.secret_key
                )
                ids.append(created.ticket_id)
            keys = (await session.execute(
                text("SELECT idempotency_key FROM outbox WHERE ticket_id = ANY(:ids)"), {"ids": ids})).scalars().all()
        return Filed(list(keys), ids)

    async def preload(self, count: int, per_transaction: int = 100) -> Filed:
        filed = Filed([], [])
        for start in range(0, count, per_transaction):
            part = await self.file(min(per_transaction, count - start))
            filed.keys += part.keys
            filed.ticket_ids += part.ticket_ids
        return filed

    async def steady(self, count: int, rate: float) -> Filed:
        """One ticket per transaction, `rate` a second (each started on schedule, as requests arrive)."""
        parts: list[asyncio.Task[Filed]] = []
        start = time.monotonic()
        for number in range(count):
            await asyncio.sleep(max(0.0, start + number / rate - time.monotonic()))
            parts.append(asyncio.create_task(self.file(1)))
        done = await asyncio.gather(*parts)
        return Filed([k for p in done for k in p.keys], [t for p in done for t in p.ticket_ids])


async def commit_times(sessionmaker: SessionMaker, ticket_ids: list[int]) -> dict[str, float]:
    """Each row's COMMIT (wall clock; track_commit_timestamp): the CREATED event's transaction,
    which wrote the outbox row too and is never updated after."""
    async with sessionmaker() as session:
        found = await session.execute(text(
            "SELECT o.idempotency_key, extract(epoch FROM pg_xact_commit_timestamp(e.xmin))::float8 AS at "
            "FROM outbox o JOIN ticket_events e ON e.ticket_id = o.ticket_id AND e.type = 'CREATED' "
            "WHERE o.ticket_id = ANY(:ids)"), {"ids": ticket_ids})
        return {key: at for key, at in found if at is not None}


class Receivers:
    def __init__(self, http_port: int) -> None:
        self.base = f"http://127.0.0.1:{http_port}"
        # One client: building one loads the CA bundle, 30 ms of this process's (the worker's) CPU.
        self.client = httpx.AsyncClient()

    async def arrivals(self) -> dict[str, list[float]]:
        records: dict[str, list[float]] = (await self.client.get(f"{self.base}/records")).json()
        return records

    async def reset(self) -> None:
        await self.client.post(f"{self.base}/reset")

    async def wait_for_count(self, count: int, within: float) -> None:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if int((await self.client.get(f"{self.base}/count")).json()) >= count:
                return
            await asyncio.sleep(0.01)
        raise TimeoutError(f"fewer than {count} messages arrived within {within} s")

    async def wait_for(self, keys: list[str], within: float) -> dict[str, list[float]]:
        """Polls a count (cheap: the worker under test shares this process's CPU), then reads all."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            if int((await self.client.get(f"{self.base}/count")).json()) >= len(keys):
                break
            await asyncio.sleep(0.05)  # the receivers are another process: nothing to await but a poll
        return await self.arrivals()
