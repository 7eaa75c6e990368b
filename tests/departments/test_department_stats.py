"""departmentStats: the dashboard's directorates ranked, in one statement."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.models import StaffRole
from tests.conftest import SqlLog, signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import CHANGE_STATUS

STATS = """{ departmentStats {
  department { code nameTr active } received resolved pending overdue resolvedShare
} }"""


async def _close(staff: GraphQLClient, ticket: dict[str, Any], status: str = "RESOLVED") -> None:
    extra = {"reason": "Tamam."} if status in ("RESOLVED", "REJECTED") else {}
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": status, "expectedVersion": ticket["version"], **extra}})


@pytest.fixture
async def history(staff: GraphQLClient, db: AsyncSession) -> None:
    """Fen İşleri: 4 received, 1 resolved, 1 rejected, 1 overdue. Zabıta: 2 received, 2 resolved."""
    fen = [await new_ticket(staff, "ROAD_POTHOLE") for _ in range(4)]
    zabita = [await new_ticket(staff, "NOISE") for _ in range(2)]
    await _close(staff, fen[0])
    await _close(staff, fen[1], "REJECTED")
    for ticket in zabita:
        await _close(staff, ticket)
    await db.execute(text("UPDATE tickets SET due_at = now() - interval '1 day' WHERE reference = :r"),
                     {"r": fen[2]["reference"]})
    await db.commit()


def _by_code(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["department"]["code"]: r for r in rows}


async def test_each_department_counted_and_ranked_by_resolved(
    history: None, app: Any, engine: AsyncEngine, sql_log: SqlLog
) -> None:
    manager = await signed_in(app, engine, "yonetici@example.org", "Yönetici", StaffRole.ADMIN)
    sql_log.clear()
    rows = (await manager.data(STATS))["departmentStats"]
    # Session lookup, then the one statement for every department's numbers.
    assert len([s for s in sql_log.statements if "departments" in s]) == 1, sql_log.statements
    stats = _by_code(rows)
    assert {k: stats["FEN"][k] for k in ("received", "resolved", "pending", "overdue")} == {
        "received": 4, "resolved": 1, "pending": 2, "overdue": 1}
    assert stats["FEN"]["resolvedShare"] == pytest.approx(0.25)
    assert stats["ZABITA"]["resolved"] == 2 and stats["ZABITA"]["resolvedShare"] == 1.0
    assert [r["department"]["code"] for r in rows[:2]] == ["ZABITA", "FEN"]
    assert [r["resolved"] for r in rows] == sorted((r["resolved"] for r in rows), reverse=True)
    quiet = [r for r in rows if r["received"] == 0]
    assert quiet and all(r["resolvedShare"] == 0 and r["pending"] == 0 for r in quiet)
    await manager.http.aclose()


async def test_inactive_departments_are_left_out(history: None, app: Any, engine: AsyncEngine, db: AsyncSession) -> None:
    await db.execute(text("UPDATE departments SET active = false WHERE code = 'ZABITA'"))
    await db.commit()
    viewer = await signed_in(app, engine, "izleyici@example.org", "İzleyici", StaffRole.VIEWER)
    rows = (await viewer.data(STATS))["departmentStats"]
    assert "ZABITA" not in _by_code(rows) and all(r["department"]["active"] for r in rows)
    assert _by_code(rows)["FEN"]["received"] == 4
    await viewer.http.aclose()


async def test_a_department_manager_sees_every_departments_numbers(
    history: None, app: Any, engine: AsyncEngine
) -> None:
    # Aggregates only, the same for every dashboard reader; the tickets stay the department's.
    manager = await signed_in(app, engine, "zabita.mudur@example.org", "Zabıta Müdürü", StaffRole.MANAGER, "ZABITA")
    stats = _by_code((await manager.data(STATS))["departmentStats"])
    assert stats["FEN"]["received"] == 4
    tickets = (await manager.data("{ tickets(first: 10) { totalCount } }"))["tickets"]
    assert tickets["totalCount"] == 2
    await manager.http.aclose()


@pytest.mark.parametrize("role", [StaffRole.AGENT, StaffRole.OPERATOR])
async def test_roles_without_dashboards_are_refused(
    history: None, app: Any, engine: AsyncEngine, role: StaffRole
) -> None:
    client = await signed_in(app, engine, "biri@example.org", "Biri", role, "FEN" if role is StaffRole.AGENT else None)
    body = await client.execute(STATS)
    assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    await client.http.aclose()
