"""Review probe (temporary): a client-side argument error in one audience's document."""

from contextlib import AsyncExitStack
from typing import Any

import pytest

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DB_POOL_SIZE=4)


BAD = "subscription { ticketEvents { ticket { timeline { edges { cursor } } otherRequests(first: 99) { id } } } }"


def document(n: int) -> str:
    return f"subscription {{ ticketEvents {{ ticket {{ r{n}: reference category {{ code }} }} }} }}"


async def test_a_refused_argument_in_one_audience(live: str, staff: GraphQLClient, app: Any) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with AsyncExitStack() as stack:
        bad = await stack.enter_async_context(subscribe(live, BAD, cookies=cookies))
        consoles = [await stack.enter_async_context(subscribe(live, document(n), cookies=cookies)) for n in range(1, 3)]
        await settled(app.state.hub, 3)
        for body in ("x", "y"):
            await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": body}})
        heard_bad = [await bad.next(), await bad.next()]
        heard = [[await c.next(), await c.next()] for c in consoles]
    print("BAD", heard_bad)
    print("HEARD", heard)
    for pair in heard:
        for one in pair:
            assert one.get("data"), one
