"""Unknown input fields are the client's mistake, whatever letters they are spelt with."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient

SUBMIT = "mutation($i: SubmitRequestInput!) { submitRequest(input: $i) { reference } }"
TICKETS = "query($f: TicketFilter) { tickets(first: 1, filter: $f) { totalCount } }"


@pytest.mark.parametrize("name", ["00İ", "İl", "İİİİİİ"])
async def test_a_dotted_capital_i_in_an_unknown_field_is_bad_user_input(client: GraphQLClient, name: str) -> None:
    # "İ" lower-cases to two characters, which crashed the "Did you mean" suggestion.
    body = await client.execute(SUBMIT, {"i": {name: None}})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body


async def test_many_such_requests_from_staff_leave_the_pool_as_it_was(staff: GraphQLClient, app: Any) -> None:
    pool = app.state.engine.pool
    for _ in range(25):  # more than the pool and its overflow hold
        body = await staff.execute(TICKETS, {"f": {"texİİİ": "a"}})
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    assert pool.checkedout() == 0


async def test_an_overlong_staff_name_is_a_user_error(app: Any, engine: AsyncEngine) -> None:
    admin = await signed_in(app, engine, "yonetici@example.org", "Yönetici", role=StaffRole.ADMIN)
    query = "mutation($i: CreateStaffUserInput!) { createStaffUser(input: $i) { userErrors { field code } } }"
    data = await admin.data(query, {"i": {"email": "uzun@example.org", "name": "n" * 300,
                                          "password": "correct horse battery", "role": "AGENT"}})
    assert data["createStaffUser"]["userErrors"][0]["code"] == "TOO_LONG"
