"""Two server processes on one database: a change made through one reaches consoles on the other."""


import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from tests.conftest import LOGIN, STAFF_PASSWORD
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import server_process, subscribe
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import NOTE

EVENTS = """subscription($after: String) {
  ticketEvents(after: $after) { cursor event { type message } ticket { reference } }
}"""


@pytest.fixture
async def operator_account(engine: AsyncEngine) -> None:
    async with transaction(create_sessionmaker(engine)) as session:
        await create_user(session, "operator@example.org", STAFF_PASSWORD, StaffRole.OPERATOR, "Ayşe Operatör")


async def test_a_change_through_one_process_reaches_a_subscriber_on_the_other(
    database_url: str, operator_account: None
) -> None:
    async with (
        server_process(database_url) as (a, _),
        server_process(database_url) as (b, _),
        httpx.AsyncClient(base_url=f"http://{b}") as http,
    ):
        staff = GraphQLClient(http)
        await staff.mutate("login", LOGIN, {"email": "operator@example.org", "password": STAFF_PASSWORD})
        ticket = await new_ticket(staff, "NOISE")
        cookies = {"cozum_session": http.cookies["cozum_session"]}
        # Replaying from the start proves the subscription is registered before we act.
        async with subscribe(a, EVENTS, {"after": "0"}, cookies=cookies) as events_on_a:
            replayed = (await events_on_a.next(wait=10))["data"]["ticketEvents"]
            assert replayed["event"]["type"] == "CREATED"
            await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "B'den"}})
            message = (await events_on_a.next(wait=10))["data"]["ticketEvents"]
    assert message["event"] == {"type": "INTERNAL_NOTE", "message": "B'den"}
    assert message["ticket"]["reference"] == ticket["reference"]
