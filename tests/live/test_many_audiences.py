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


def rendered(n: int, ticket: dict[str, Any]) -> dict[str, Any]:
    """What `document(n)` renders of the ticket."""
    return {f"r{n}": ticket["reference"], "department": {"code": "ZABITA"}, "category": {"code": "NOISE"}}


async def subscribed(stack: AsyncExitStack, live: str, staff: GraphQLClient, app: Any,
                     documents: list[str]) -> tuple[dict[str, Any], list[Any]]:
    """A new ticket, and staff consoles subscribed to `documents` (the hub counting them)."""
    ticket = await new_ticket(staff, "NOISE")
    await caught_up(app.state.hub)
    cookies = {"cozum_session": staff.http.cookies["cozum_session"]}
    consoles = [await stack.enter_async_context(subscribe(live, text, cookies=cookies)) for text in documents]
    await settled(app.state.hub, len(documents))
    return ticket, consoles


async def test_every_audience_hears_an_event_when_they_outnumber_the_pools_connections(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    async with AsyncExitStack() as stack:
        ticket, consoles = await subscribed(stack, live, staff, app, [document(n) for n in range(AUDIENCES)])
        await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "not"}})
        heard = [(await console.next())["data"]["ticketEvents"]["ticket"] for console in consoles]
        # And the pool is not left drained: the next request is answered.
        assert (await staff.data("{ me { id } }"))["me"] is not None
    assert heard == [rendered(n, ticket) for n in range(AUDIENCES)]


# Refused at each event (more than `first` allows), which makes graphql-core cancel the sibling
# field's statement as it runs: the shared session's connection is left unusable.
REFUSED = "subscription { ticketEvents { ticket { timeline { edges { cursor } } otherRequests(first: 99) { id } } } }"


async def test_an_audience_whose_rendering_fails_leaves_the_others_theirs(
    live: str, staff: GraphQLClient, app: Any
) -> None:
    async with AsyncExitStack() as stack:
        ticket, (refused, *consoles) = await subscribed(stack, live, staff, app, [REFUSED, document(1), document(2)])
        for body in ("bir", "iki"):  # the second event: the batch after a failed one starts well too
            await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": body}})
        failed = [await refused.next() for _ in range(2)]
        heard = [[(await console.next())["data"]["ticketEvents"]["ticket"] for _ in range(2)] for console in consoles]
    assert all(message.get("errors") for message in failed), failed
    assert heard == [[rendered(n, ticket)] * 2 for n in (1, 2)]
