"""Choosing an assignee: the department's active agents and managers, names only."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.kit.relay import to_global_id
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient

QUERY = "query($d: ID!) { assignableStaff(departmentId: $d) { name email role department { code } } }"


async def department_id(client: GraphQLClient, code: str) -> str:
    data = await client.data("{ departments { edges { node { id code } } } }")
    return next(e["node"]["id"] for e in data["departments"]["edges"] if e["node"]["code"] == code)


async def test_an_operator_sees_the_departments_active_agents_and_managers_by_name(app: Any, engine: AsyncEngine) -> None:
    await signed_in(app, engine, "z1@example.org", "Zafer Zabıta", StaffRole.AGENT, "ZABITA")
    await signed_in(app, engine, "z2@example.org", "Ahmet Amir", StaffRole.MANAGER, "ZABITA")
    gone = await signed_in(app, engine, "z3@example.org", "Eski Personel", StaffRole.AGENT, "ZABITA")
    await signed_in(app, engine, "f1@example.org", "Fatma Fen", StaffRole.AGENT, "FEN")
    admin = await signed_in(app, engine, "admin@example.org", "Admin", StaffRole.ADMIN)
    me = await gone.data("{ me { id } }")
    await admin.mutate("updateStaffUser", "mutation($i: UpdateStaffUserInput!) { updateStaffUser(input: $i) { userErrors { code } } }",
                       {"i": {"id": me["me"]["id"], "active": False}})
    operator = await signed_in(app, engine, "op@example.org", "Operatör", StaffRole.OPERATOR)
    data = await operator.data(QUERY, {"d": await department_id(operator, "ZABITA")})
    assert data["assignableStaff"] == [
        {"name": "Ahmet Amir", "email": None, "role": None, "department": {"code": "ZABITA"}},
        {"name": "Zafer Zabıta", "email": None, "role": None, "department": {"code": "ZABITA"}},
    ]


async def test_an_agent_lists_only_their_own_department(app: Any, engine: AsyncEngine) -> None:
    agent = await signed_in(app, engine, "z1@example.org", "Zafer Zabıta", StaffRole.AGENT, "ZABITA")
    await signed_in(app, engine, "f1@example.org", "Fatma Fen", StaffRole.AGENT, "FEN")
    own = await agent.data(QUERY, {"d": await department_id(agent, "ZABITA")})
    other = await agent.data(QUERY, {"d": await department_id(agent, "FEN")})
    assert [u["name"] for u in own["assignableStaff"]] == ["Zafer Zabıta"]
    assert other["assignableStaff"] == []


async def test_a_viewer_and_a_citizen_may_not_list_staff(app: Any, engine: AsyncEngine, client: GraphQLClient) -> None:
    viewer = await signed_in(app, engine, "v@example.org", "İzleyici", StaffRole.VIEWER)
    variables = {"d": to_global_id("Department", 1)}
    for who, code in ((viewer, "FORBIDDEN"), (client, "NOT_AUTHENTICATED")):
        body = await who.execute(QUERY, variables)
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == code
