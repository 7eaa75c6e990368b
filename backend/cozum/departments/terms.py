"""What a new ticket takes from its category, and this process's memory of it.

Every ticket filed needs its category's terms, and categories change a few times a year. So
a process keeps the terms it last read, and the statement that files a ticket checks them
against the category's row as it writes (tickets/filing.py). A ticket is thus filed on the terms
its category has when that statement begins, as it was when a separate read came first; the
read, a round trip and a statement of the transaction, is made only when the terms changed.
Nothing needs telling when an administrator edits or retires a category: the next filing in it
finds out by itself. (An edit committed while the statement waits for the reference counter is
not seen by it: the row is not locked, so that submissions never wait on an edit.)
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.departments.models import Remit
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets.enums import Priority


@dataclass(frozen=True)
class Terms:
    """What a new ticket takes from its category."""

    id: int
    department_id: int | None
    sla_hours: int | None
    default_priority: Priority
    remit: Remit
    external_institution: str | None


# One plain statement, not an ORM object (session.get costs ~0.2 ms of Python in identity map
# and row loading, for six values).
_TERMS = (
    "SELECT id, department_id, sla_hours, default_priority, remit, external_institution"
    " FROM categories WHERE id = $1 AND active"
)


# Only categories that exist and are active get in, so the table's size bounds this; the
# limit is for a process that serves several databases in turn (the tests do).
_REMEMBERED_MAX = 4096
_remembered: dict[int, Terms] = {}


async def category_terms(session: AsyncSession, category_id: int, field: list[str]) -> Terms:
    """An active category's terms as they are now; a missing or retired one is refused."""
    connection = await session.connection()
    found = (await connection.exec_driver_sql(_TERMS, (category_id,))).one_or_none()
    row: tuple[Any, ...] | None = None if found is None else tuple(found)
    if row is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such category.", field)
    terms = Terms(
        id=row[0], department_id=row[1], sla_hours=row[2], default_priority=Priority[row[3]], remit=Remit[row[4]],
        external_institution=row[5],
    )
    if len(_remembered) >= _REMEMBERED_MAX:
        _remembered.clear()
    _remembered[category_id] = terms
    return terms


async def remembered_terms(session: AsyncSession, category_id: int, field: list[str]) -> Terms:
    """The terms this process last read, for a caller whose statement checks them as it writes
    (and calls `forget` when they no longer hold); read now when there are none."""
    terms = _remembered.get(category_id)
    return terms if terms is not None else await category_terms(session, category_id, field)


def forget(category_id: int) -> None:
    _remembered.pop(category_id, None)
