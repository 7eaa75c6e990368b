"""Review probes (temporary)."""

import time
from contextlib import AsyncExitStack
from typing import Any

import pytest
from sqlalchemy import text

from cozum.config import Settings
from cozum.departments import loaders as dept_loaders
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

POOL = 4


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DB_POOL_SIZE=POOL)


def document(n: int) -> str:
    # Audience 0 asks for the department (its loader fails in SQL below); the others only for the category.
    if n == 0:
        return "subscription { ticketEvents { ticket { r0: reference department { code } } } }"
    return f"subscription {{ ticketEvents {{ ticket {{ r{n}: reference category {{ code }} }} }} }}"


async def test_one_audience_db_error_poisons_the_others(
    live: str, staff: GraphQLClient, app: Any, monkeypatch: Any
) -> None:
    original = dept_loaders.DepartmentByIdLoader.fetch

    async def failing(self: Any, session: Any, ids: list[int]) -> Any:
        await session.execute(text("SELECT 1/0"))  # any statement that fails in PostgreSQL
        return await original(self, session, ids)

    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    monkeypatch.setattr(dept_loaders.DepartmentByIdLoader, "fetch", failing)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with AsyncExitStack() as stack:
        consoles = [await stack.enter_async_context(subscribe(live, document(n), cookies=cookies)) for n in range(3)]
        await settled(app.state.hub, 3)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "x"}})
        heard = [await console.next() for console in consoles]
    print("HEARD", heard)
    # Audiences 1 and 2 never touch the failing loader: they should get their data.
    assert heard[1].get("data") and heard[1]["data"]["ticketEvents"]["ticket"]["category"] == {"code": "NOISE"}
    assert heard[2].get("data") and heard[2]["data"]["ticketEvents"]["ticket"]["category"] == {"code": "NOISE"}
