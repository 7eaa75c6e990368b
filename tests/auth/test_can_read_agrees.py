"""`can_read` (Python, used by the live hub) and `readable` (SQL, used everywhere else) agree.

For every caller the application can build, the tickets `readable` selects from a real
database are exactly those whose department `can_read` accepts: one ticket per department,
and one without a department.
"""

from dataclasses import dataclass
from itertools import combinations

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.actor import ANONYMOUS, CITIZEN, SYSTEM, Actor
from cozum.auth.api_keys import create_api_key, key_scopes
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.service import create_user
from cozum.departments.models import Department
from cozum.tickets.models import Ticket
from cozum.tickets.repository import can_read, readable
from tests.tickets.factories import department_id, new_ticket, operator, use_cheap_passwords

ALL_SCOPE_SETS = [frozenset(c) for n in range(1, len(ApiScope) + 1) for c in combinations(ApiScope, n)]


@dataclass
class World:
    tickets: dict[int, int | None]  # ticket id -> department id
    zabita: int
    fen: int


@pytest.fixture
async def world(db: AsyncSession, monkeypatch: pytest.MonkeyPatch) -> World:
    use_cheap_passwords(monkeypatch)
    actor = await operator(db, "setup@example.org", "Kurulum")
    departments = list((await db.execute(select(col(Department.id)))).scalars())
    assert len(departments) >= 2
    tickets: dict[int, int | None] = {}
    for department in [*departments, None]:
        ticket = await new_ticket(db, actor, "ROAD_POTHOLE")
        assert ticket.id is not None
        await db.execute(text("UPDATE tickets SET department_id = :d WHERE id = :t"),
                         {"d": department, "t": ticket.id})
        tickets[ticket.id] = department
    await db.commit()
    return World(tickets, await department_id(db, "ZABITA"), await department_id(db, "FEN"))


async def disagreements(db: AsyncSession, world: World, actor: Actor) -> list[str]:
    selected = set((await db.execute(select(col(Ticket.id)).where(readable(actor)))).scalars())
    found = []
    for ticket_id, department in world.tickets.items():
        allowed = can_read(actor, department)
        if allowed != (ticket_id in selected):
            found.append(f"{actor.label} (scope {actor.ticket_scope.name}, department {actor.department_id}): "
                         f"can_read={allowed} but readable={ticket_id in selected} "
                         f"for a ticket of department {department}")
    return found


@pytest.mark.parametrize("role", list(StaffRole), ids=lambda r: r.value)
async def test_staff_of_every_role_with_and_without_a_department(
    db: AsyncSession, world: World, role: StaffRole
) -> None:
    found = []
    for code in (None, "ZABITA", "FEN"):
        user = await create_user(db, f"{role.value.lower()}-{code}@example.org", "correct horse battery", role,
                                 f"{role.value} {code}", code)
        found += await disagreements(db, world, Actor.of(user))
    assert found == []


async def test_every_api_key_scope_set_with_a_department(db: AsyncSession, world: World) -> None:
    found = []
    for scopes in ALL_SCOPE_SETS:
        key, _ = await create_api_key(db, "-".join(sorted(s.value for s in scopes)), list(scopes),
                                      department_id=world.zabita)
        assert key.id is not None
        # As `authenticate` builds the caller from a presented key.
        found += await disagreements(db, world, Actor.of_key(key.id, key.name, key_scopes(key), key.department_id))
    assert found == []


async def test_every_api_key_scope_set_without_a_department(db: AsyncSession, world: World) -> None:
    found = []
    for number, scopes in enumerate(ALL_SCOPE_SETS, start=1):
        # READ_DEPARTMENT keys cannot be created without one; build those callers directly
        # (a key whose department went away would look the same).
        actor = Actor.of_key(number, "-".join(sorted(s.value for s in scopes)), scopes, None)
        found += await disagreements(db, world, actor)
    assert found == []


async def test_anonymous_citizen_and_system(db: AsyncSession, world: World) -> None:
    found = []
    for actor in (ANONYMOUS, CITIZEN, SYSTEM):
        found += await disagreements(db, world, actor)
    assert found == []


async def test_the_comparison_can_tell_readers_apart(db: AsyncSession, world: World) -> None:
    """Guards the test itself: the world holds tickets some callers may read and some not."""
    agent = Actor.of(await create_user(db, "agent@example.org", "correct horse battery", StaffRole.AGENT,
                                       "Ajan", "ZABITA"))
    selected = set((await db.execute(select(col(Ticket.id)).where(readable(agent)))).scalars())
    assert selected == {t for t, d in world.tickets.items() if d == world.zabita}
    assert None in world.tickets.values() and world.fen in world.tickets.values()
