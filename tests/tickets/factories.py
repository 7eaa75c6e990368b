"""Tickets in a given state, built only through the services, for service-level tests."""

import asyncio
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.departments.models import Category, Department
from cozum.tickets import lifecycle
from cozum.tickets.enums import IntakeChannel, TicketStatus
from cozum.tickets.intake import Created, NewTicket, create_ticket
from cozum.tickets.lifecycle import StatusChange
from cozum.tickets.models import Ticket

PREFIX = "TST"
SECRET_KEY = "test-secret-key"
DESCRIPTION = "Cumhuriyet Caddesi üzerinde büyük bir çukur var, araçlar zarar görüyor."
REASON = "Ekiplerimiz yerinde inceledi."
INSTITUTION = "Karayolları Genel Müdürlüğü"

S = TicketStatus
# Statuses a ticket only reaches after routeTicket (SCHEDULED cannot follow NEW).
_AFTER_ROUTING = frozenset({S.ROUTED, S.IN_PROGRESS, S.SCHEDULED, S.ON_HOLD})


_CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


async def _cheap_hash(password: str) -> str:
    return await asyncio.to_thread(_CHEAP_HASHER.hash, password)


def use_cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """For tests where nobody logs in: a real but cheap argon2 hash saves ~0.2 s per staff member."""
    monkeypatch.setattr("cozum.auth.service.hash_password", _cheap_hash)


async def operator(db: AsyncSession, email: str = "operator@example.org", name: str = "Ayşe Operatör") -> Actor:
    user = await create_user(db, email, "correct horse battery", StaffRole.OPERATOR, name)
    return Actor.of(user)


async def category_id(db: AsyncSession, code: str) -> int:
    return int((await db.execute(select(Category.id).where(Category.code == code))).scalar_one())


async def department_id(db: AsyncSession, code: str) -> int:
    return int((await db.execute(select(Department.id).where(Department.code == code))).scalar_one())


async def category_without_department(db: AsyncSession, code: str = "UNSORTED") -> str:
    """A municipal category no directorate owns: its tickets start without a department."""
    db.add(Category(code=code, name_tr="Sınıflandırılmamış", name_en="Unsorted", sla_hours=72))
    await db.flush()
    return code


async def create(
    db: AsyncSession, actor: Actor, category: str = "ROAD_POTHOLE",
    channel: IntakeChannel = IntakeChannel.PHONE, **fields: Any,
) -> Created:
    if channel in (IntakeChannel.PETITION, IntakeChannel.CIMER):
        fields.setdefault("channel_reference", "E-2026-0001")
    data = NewTicket(description=DESCRIPTION, category_id=await category_id(db, category), channel=channel, **fields)
    return await create_ticket(db, actor, data, prefix=PREFIX, secret_key=SECRET_KEY)


async def new_ticket(db: AsyncSession, actor: Actor, category: str = "ROAD_POTHOLE", **fields: Any) -> Ticket:
    return await (await create(db, actor, category, **fields)).row(db)


def change_for(ticket: Ticket, status: TicketStatus, duplicate_of_id: int | None = None) -> StatusChange:
    """A change of `ticket` to `status`, carrying whatever that status needs."""
    return StatusChange(
        status=status,
        expected_version=ticket.version,
        reason=REASON if status in (S.REJECTED, S.RESOLVED) else None,
        institution=INSTITUTION if status is S.FORWARDED else None,
        duplicate_of_id=duplicate_of_id if status is S.DUPLICATE else None,
    )


async def ticket_in(
    db: AsyncSession, actor: Actor, status: TicketStatus, category: str = "ROAD_POTHOLE", department: str = "FEN"
) -> Ticket:
    """A fresh ticket brought to `status` the way staff would.

    Working statuses go through routeTicket first; closed statuses are reached straight
    from NEW, so a ticket of a category without a department stays without one.
    """
    ticket = await new_ticket(db, actor, category)
    assert ticket.id is not None and ticket.status is S.NEW
    if status is S.NEW:
        return ticket
    if status in _AFTER_ROUTING:
        dept = await department_id(db, department)
        ticket = await lifecycle.route_ticket(db, actor, ticket.id, dept, expected_version=ticket.version)
        if status is S.ROUTED:
            return ticket
    duplicate_of_id = None
    if status is S.DUPLICATE:
        duplicate_of_id = (await new_ticket(db, actor, category)).id
    ticket = await lifecycle.change_status(db, actor, ticket.id, change_for(ticket, status, duplicate_of_id))
    assert ticket.status is status
    return ticket


async def event_count(db: AsyncSession, ticket_id: int) -> int:
    await db.flush()
    stmt = text("SELECT count(*) FROM ticket_events WHERE ticket_id = :id")
    return int((await db.execute(stmt, {"id": ticket_id})).scalar_one())


async def events_of(db: AsyncSession, ticket_id: int) -> list[dict[str, Any]]:
    await db.flush()
    stmt = text("SELECT * FROM ticket_events WHERE ticket_id = :id ORDER BY id")
    return [dict(row) for row in (await db.execute(stmt, {"id": ticket_id})).mappings()]


async def stored(db: AsyncSession, ticket_id: int) -> dict[str, Any]:
    """The ticket's row as the database holds it now, after flushing whatever the session has."""
    await db.flush()
    stmt = text("SELECT * FROM tickets WHERE id = :id")
    return dict((await db.execute(stmt, {"id": ticket_id})).mappings().one())


async def snapshot(db: AsyncSession, ticket_id: int) -> tuple[dict[str, Any], int]:
    """The row and its number of events, to show a refused change left both alone."""
    row = await stored(db, ticket_id)
    row.pop("search", None)
    return row, await event_count(db, ticket_id)
