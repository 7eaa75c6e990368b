"""Staff see each other by need: names and departments for those who assign, e-mails and
roles of others only for ADMIN; everyone sees themselves in full."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from cozum.kit.relay import to_global_id
from tests.auth.actors import ACTOR_KINDS, ROLES, client_for
from tests.fixtures.live import serving, settled, subscribe
from tests.tickets.factories import use_cheap_passwords
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import ASSIGN, NOTE

STAFF_FIELDS = "name email role active department { code }"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on StaffUser {{ {STAFF_FIELDS} }} }} }}"
ME = f"{{ me {{ id {STAFF_FIELDS} }} }}"

COLLEAGUE = {
    "name": "Hedef Memur", "email": "hedef@example.org", "role": "AGENT", "active": True,
    "department": {"code": "ZABITA"},
}
NAME_AND_DEPARTMENT = {**COLLEAGUE, "email": None, "role": None}
# Who assigns tickets needs to know whom to: roles and keys with the ASSIGN permission.
ASSIGNERS = {"OPERATOR", "MANAGER", "AGENT", "key:WRITE_TICKETS"}


async def _colleague(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> str:
    use_cheap_passwords(monkeypatch)
    async with transaction(create_sessionmaker(engine)) as session:
        user = await create_user(
            session, COLLEAGUE["email"], "a long enough password", StaffRole.AGENT, "Hedef Memur", "ZABITA"
        )
    assert user.id is not None
    return to_global_id("StaffUser", user.id)


def _expected(kind: str) -> dict[str, Any] | None:
    if kind == "ADMIN":
        return COLLEAGUE
    return NAME_AND_DEPARTMENT if kind in ASSIGNERS else None


@pytest.mark.parametrize("kind", ACTOR_KINDS)
async def test_node_shows_a_colleague_by_need(
    kind: str, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague = await _colleague(engine, monkeypatch)
    caller = await client_for(kind, app, engine, monkeypatch)
    assert (await caller.data(NODE, {"id": colleague}))["node"] == _expected(kind)


@pytest.mark.parametrize("role", ROLES)
async def test_everyone_sees_themselves_in_full(
    role: str, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    caller = await client_for(role, app, engine, monkeypatch)
    me = (await caller.data(ME))["me"]
    assert me["email"] == f"{role.lower()}@example.org" and me["role"] == role
    mine = (await caller.data(NODE, {"id": me["id"]}))["node"]
    assert mine == {k: v for k, v in me.items() if k != "id"}


async def test_a_tickets_assignee_shows_no_email_or_role_to_agents_and_keys(
    app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague = await _colleague(engine, monkeypatch)
    operator = await client_for("OPERATOR", app, engine, monkeypatch)
    ticket = await new_ticket(operator, "NOISE")  # Zabıta's
    await operator.mutate("assignTicket", ASSIGN, {"input": {"ticketId": ticket["id"], "assigneeId": colleague}})
    query = f"{{ tickets(first: 1) {{ edges {{ node {{ assignee {{ {STAFF_FIELDS} }} }} }} }} }}"
    for kind in ("AGENT", "key:READ_DEPARTMENT", "OPERATOR"):
        caller = operator if kind == "OPERATOR" else await client_for(kind, app, engine, monkeypatch)
        edges = (await caller.data(query))["tickets"]["edges"]
        assert edges == [{"node": {"assignee": NAME_AND_DEPARTMENT}}], kind
    admin = await client_for("ADMIN", app, engine, monkeypatch)
    assert (await admin.data(query))["tickets"]["edges"] == [{"node": {"assignee": COLLEAGUE}}]


async def test_live_events_name_the_actor_without_email_or_role_even_for_an_admin(
    app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A live message is rendered once for every console of the same reach (an admin's and
    an operator's alike): it carries only what all of them may see."""
    operator = await client_for("OPERATOR", app, engine, monkeypatch)
    admin = await client_for("ADMIN", app, engine, monkeypatch)
    ticket = await new_ticket(operator, "NOISE")
    events = f"subscription {{ ticketEvents {{ event {{ type actor {{ {STAFF_FIELDS} }} }} }} }}"
    async with serving(app) as base:
        cookies = {"cozum_session": admin.http.cookies["cozum_session"]}
        async with subscribe(base, events, cookies=cookies) as subscription:
            await settled(app.state.hub, 1)
            await operator.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "Not"}})
            while (message := (await subscription.next())["data"]["ticketEvents"]["event"])["type"] != "INTERNAL_NOTE":
                pass
    assert message["actor"] == {"name": "Operator Kişi", "email": None, "role": None, "active": True, "department": None}
