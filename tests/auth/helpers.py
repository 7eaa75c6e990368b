"""Shared by the access-control tests: raw requests, API keys, and a look at the audit log."""

from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.api_keys import create_api_key
from cozum.auth.permissions import ApiScope
from cozum.db import create_sessionmaker, transaction
from cozum.departments.repository import department_id_by_code
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient

CREATE_KEY = """
mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    key
    apiKey { id name prefix scopes rateLimitPerMinute revokedAt lastUsedAt }
    userErrors { field code message }
  }
}
"""

REVOKE_KEY = """
mutation($id: ID!) {
  revokeApiKey(input: {id: $id}) { apiKey { id revokedAt } userErrors { field code message } }
}
"""

TICKET_COUNT = "{ tickets { totalCount } }"


async def post(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    """A request exactly as given: no CSRF header unless `headers` holds one."""
    return await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {})


def error_code(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def make_key(
    engine: AsyncEngine, name: str, scopes: list[ApiScope], *, department: str | None = None,
    rate_limit: int = 600,
) -> str:
    """A key created behind the app's back, as `cozum apikey create` does."""
    async with transaction(create_sessionmaker(engine)) as session:
        department_id = await department_id_by_code(session, department, ["department"]) if department else None
        _, key = await create_api_key(
            session, name, scopes, department_id=department_id, rate_limit_per_minute=rate_limit
        )
    return key


def key_client(app: Any, key: str, header: str = "Authorization") -> GraphQLClient:
    """An integrator's client sending `key` on every request, with no cookies at all."""
    http = http_client(app)
    http.headers[header] = f"Bearer {key}" if header == "Authorization" else key
    return GraphQLClient(http)


async def audit_rows(engine: AsyncEngine, action: str | None = None) -> list[dict[str, Any]]:
    """audit_log rows, oldest first, optionally of one action."""
    query = "SELECT * FROM audit_log" + (" WHERE action = :action" if action else "") + " ORDER BY id"
    async with engine.connect() as connection:
        result = await connection.execute(text(query), {"action": action} if action else {})
        return [dict(row._mapping) for row in result]


async def scalar(engine: AsyncEngine, query: str, **params: Any) -> Any:
    async with engine.connect() as connection:
        return (await connection.execute(text(query), params)).scalar_one()
