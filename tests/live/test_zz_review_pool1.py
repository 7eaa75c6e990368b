"""Review probe (temporary): COZUM_DB_POOL_SIZE=1, which the settings allow."""

from typing import Any

import pytest

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DB_POOL_SIZE=1)


async def test_one_audience_with_a_pool_of_one(live: str, staff: GraphQLClient, app: Any) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    doc = "subscription { ticketEvents { ticket { reference department { code } } } }"
    async with subscribe(live, doc, cookies=cookies) as console:
        await settled(app.state.hub, 1)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "x"}})
        heard = await console.next(wait=10)
    assert heard["data"]["ticketEvents"]["ticket"]["department"] == {"code": "ZABITA"}
