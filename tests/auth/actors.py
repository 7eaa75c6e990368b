"""Callers of every kind, for access tests: anonymous, each staff role, each API key scope."""

from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.api_keys import create_api_key
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.service import create_user
from cozum.db import create_sessionmaker, transaction
from cozum.departments.repository import department_id_by_code
from tests.conftest import LOGIN, STAFF_PASSWORD, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import use_cheap_passwords

ROLES = [r.value for r in StaffRole]
SCOPES = [f"key:{s.value}" for s in ApiScope]
ACTOR_KINDS = ["anonymous", *ROLES, *SCOPES]
DEPARTMENT_OF = {"AGENT": "ZABITA", "MANAGER": "ZABITA", "key:READ_DEPARTMENT": "ZABITA"}


class KeyClient(GraphQLClient):
    def __init__(self, http: httpx.AsyncClient, key: str) -> None:
        super().__init__(http)
        self.key = key

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


async def client_for(kind: str, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> GraphQLClient:
    use_cheap_passwords(monkeypatch)
    http = http_client(app)
    department = DEPARTMENT_OF.get(kind)
    if kind == "anonymous":
        return GraphQLClient(http)
    async with transaction(create_sessionmaker(engine)) as session:
        department_id = await department_id_by_code(session, department, []) if department else None
        if kind.startswith("key:"):
            _, key = await create_api_key(session, kind, [ApiScope(kind[4:])], department_id=department_id)
            return KeyClient(http, key)
        email = f"{kind.lower()}@example.org"
        await create_user(session, email, STAFF_PASSWORD, StaffRole(kind), f"{kind.title()} Kişi", department)
    client = GraphQLClient(http)
    await client.mutate("login", LOGIN, {"email": email, "password": STAFF_PASSWORD})
    return client
