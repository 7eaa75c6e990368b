"""The default departments and categories, loaded from the CSV files shipped with Çözüm."""

import csv
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.departments.models import Category, Department, Remit
from cozum.tickets.enums import Priority


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("cozum").joinpath("seed", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


async def load_defaults(session: AsyncSession) -> tuple[int, int]:
    """Insert what is missing (by code); returns how many departments and categories were added."""
    existing = {d.code: d for d in (await session.execute(select(Department))).scalars()}
    added_departments = 0
    for row in _rows("departments.csv"):
        if row["code"] not in existing:
            existing[row["code"]] = Department(code=row["code"], name_tr=row["name_tr"], name_en=row["name_en"])
            session.add(existing[row["code"]])
            added_departments += 1
    await session.flush()
    known = set((await session.execute(select(col(Category.code)))).scalars())
    added_categories = 0
    for row in _rows("categories.csv"):
        if row["code"] in known:
            continue
        department = existing.get(row["department_code"]) if row["department_code"] else None
        session.add(Category(
            code=row["code"], name_tr=row["name_tr"], name_en=row["name_en"],
            department_id=department.id if department else None,
            sla_hours=int(row["sla_hours"]) if row["sla_hours"] else None,
            remit=Remit.EXTERNAL if row["remit"] == "external" else Remit.MUNICIPAL,
            external_institution=row["external_institution"] or None,
            default_priority=Priority(row["default_priority"]),
        ))
        added_categories += 1
    await session.flush()
    return added_departments, added_categories


async def load_defaults_if_empty(session: AsyncSession) -> tuple[int, int] | None:
    """A first deployment gets the default departments and categories; a running one is left
    as its administrators made it (a default they retired must not come back on an upgrade)."""
    if (await session.execute(select(func.count()).select_from(Department))).scalar_one():
        return None
    return await load_defaults(session)
