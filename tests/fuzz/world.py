"""A small city to fuzz against: staff, tickets in several states, keys; and the real ids,
cursors, references and secrets a generated input may borrow to get past the first check."""

from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.credentials import CSRF_COOKIE, csrf_token
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.service import SESSION_COOKIE, create_user, open_session
from cozum.db import create_sessionmaker, transaction
from cozum.kit.relay import to_global_id
from tests.auth.helpers import make_key
from tests.conftest import STAFF_PASSWORD, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CHANGE_STATUS, CREATE, SUBMIT

_TABLES = {
    "Ticket": "tickets", "TicketEvent": "ticket_events", "Department": "departments",
    "Category": "categories", "StaffUser": "users", "ApiKey": "api_keys", "AuditEntry": "audit_log",
}
_CURSORS = """
query($id: ID!) {
  byCreation: tickets(first: 3) { edges { cursor } }
  byDueDate: tickets(first: 3, orderBy: {field: DUE_AT, direction: ASC}) { edges { cursor } }
  node(id: $id) { ... on Ticket { timeline(first: 5) { edges { cursor } } } }
  departments(first: 2) { edges { cursor } }
}
"""


@dataclass
class World:
    ids: dict[str, list[str]] = field(default_factory=dict)
    cursors: list[str] = field(default_factory=list)
    tracking: list[tuple[str, str]] = field(default_factory=list)  # (reference, secret)
    emails: list[str] = field(default_factory=list)
    password: str = STAFF_PASSWORD

    def all_ids(self) -> list[str]:
        return [i for ids in self.ids.values() for i in ids]


async def _submit(client: GraphQLClient, category: str, description: str) -> tuple[str, str]:
    payload = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": category, "description": description, "contact": {"phone": "0532 111 22 33"},
        "replyChannel": "SMS",
    }})
    return payload["reference"], payload["secret"]


async def _resolve(staff: GraphQLClient, ticket: dict[str, Any]) -> None:
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "reason": "Giderildi.", "expectedVersion": ticket["version"],
    }})


async def _staff(
    app: Any, secret_key: str, engine: AsyncEngine, email: str, role: StaffRole, department: str | None = None
) -> GraphQLClient:
    """A signed-in client, its session opened as `login` opens one: one set-up less to pay
    in every fuzz test (signing in itself is fuzzed)."""
    async with transaction(create_sessionmaker(engine)) as session:
        user = await create_user(session, email, STAFF_PASSWORD, role, email.split("@")[0].title(), department)
        token = await open_session(session, user, 12)
    client = GraphQLClient(http_client(app))
    client.http.cookies.set(SESSION_COOKIE, token)
    client.http.cookies.set(CSRF_COOKIE, csrf_token(secret_key, token))
    return client


async def build_world(
    app: Any, secret_key: str, engine: AsyncEngine, anonymous: httpx.AsyncClient
) -> tuple[World, dict[str, GraphQLClient]]:
    """The world, and clients signed in as an operator, an admin and an agent."""
    operator = await _staff(app, secret_key, engine, "operator@example.org", StaffRole.OPERATOR)
    admin = await _staff(app, secret_key, engine, "admin@example.org", StaffRole.ADMIN)
    agent = await _staff(app, secret_key, engine, "fen@example.org", StaffRole.AGENT, "FEN")
    categories = await category_ids(operator)
    world = World(emails=["operator@example.org", "admin@example.org", "fen@example.org", "nobody@example.org"])
    world.tracking.append(await _submit(GraphQLClient(anonymous), categories["ROAD_POTHOLE"], "Okul önünde çukur var."))
    for category, channel in (("NOISE", "PETITION"), ("GARBAGE", "EMAIL")):
        created = await operator.mutate("createTicket", CREATE, {"input": {
            "channel": channel, "categoryId": categories[category], "description": "Vatandaş telefonla bildirdi.",
            "channelReference": "DLK-2026-00042" if channel == "PETITION" else None,
            "contact": {"name": "Zeynep Kaya", "email": "zeynep@example.org"},
        }})
        world.tracking.append((created["ticket"]["reference"], created["secret"]))
        if category == "GARBAGE":
            await _resolve(operator, created["ticket"])
    await make_key(engine, "Mahalle uygulaması", [ApiScope.SUBMIT, ApiScope.READ_PUBLIC])
    world.ids = await _ids(engine)
    world.cursors = await _cursors(operator, world.ids["Ticket"])
    return world, {"operator": operator, "admin": admin, "agent": agent}


async def _ids(engine: AsyncEngine) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    async with engine.connect() as connection:
        for type_name, table in _TABLES.items():
            rows = (await connection.execute(text(f"SELECT id FROM {table} ORDER BY id LIMIT 20"))).scalars()
            found[type_name] = [to_global_id(type_name, pk) for pk in rows]
    return found


async def _cursors(operator: GraphQLClient, tickets: list[str]) -> list[str]:
    data = await operator.data(_CURSORS, {"id": tickets[0]})
    lists = [data["byCreation"], data["byDueDate"], data["node"]["timeline"], data["departments"]]
    return [edge["cursor"] for connection in lists for edge in connection["edges"]]
