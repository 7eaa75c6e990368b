"""Audiences of one batch render with one session: more of them than the pool has connections,
and one whose rendering fails."""

from contextlib import AsyncExitStack
from typing import Any

import pytest

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import caught_up, settled, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

POOL = 2  # connections in all
AUDIENCES = 3 * POOL


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", COZUM_DB_POOL_SIZE=POOL)


def document(n: int) -> str:
    """A document of its own is an audience of its own; the department and category are read
    through loaders, so rendering it needs the database."""
    return f"subscription {{ ticketEvents {{ ticket {{ r{n}: reference department {{ code }} category {{ code }} }} }} }}"


async def test_every_audience_hears_an_event_when_they_outnumber_the_pools_connections(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with AsyncExitStack() as stack:
        consoles = [await stack.enter_async_context(subscribe(live, document(n), cookies=cookies))
                    for n in range(AUDIENCES)]
        await settled(app.state.hub, AUDIENCES)
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "not"}})
        heard = [(await console.next())["data"]["ticketEvents"]["ticket"] for console in consoles]
        # And the pool is not left drained: the next request is answered.
        assert (await staff.data("{ me { id } }"))["me"] is not None
    assert heard == [{f"r{n}": ticket["reference"], "department": {"code": "ZABITA"}, "category": {"code": "NOISE"}}
                     for n in range(AUDIENCES)]


# Refused at each event (more than `first` allows), which makes graphql-core cancel the sibling
# field's statement as it runs: the shared session's connection is left unusable.
REFUSED = "subscription { ticketEvents { ticket { timeline { edges { cursor } } otherRequests(first: 99) { id } } } }"


async def test_an_audience_whose_rendering_fails_leaves_the_others_theirs(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    async with AsyncExitStack() as stack:
        refused = await stack.enter_async_context(subscribe(live, REFUSED, cookies=cookies))
        consoles = [await stack.enter_async_context(subscribe(live, document(n), cookies=cookies)) for n in (1, 2)]
        await settled(app.state.hub, 3)
        for body in ("bir", "iki"):  # the second event: the batch after a failed one starts well too
            await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": body}})
        failed = [await refused.next() for _ in range(2)]
        heard = [[(await console.next())["data"]["ticketEvents"]["ticket"] for _ in range(2)] for console in consoles]
    assert all(message.get("errors") for message in failed), failed
    assert heard == [[{f"r{n}": ticket["reference"], "department": {"code": "ZABITA"}, "category": {"code": "NOISE"}}] * 2
                     for n in (1, 2)]
