"""The client's address (what per-address limits count) behind a trusted proxy, and not otherwise."""

from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.app import create_app
from tests.conftest import LOGIN
from tests.edge.helpers import plain

PROXY = "172.18.0.5"
CITIZEN = "203.0.113.7"


async def failed_login_address(database_url: str, db: AsyncSession, peer: str, forwarded: str | None, **env: Any) -> str:
    """Signs in wrongly from `peer` (with X-Forwarded-For `forwarded`); the address the audit log kept."""
    app = create_app(database_url, plain(**env))
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.post("/graphql", headers=headers, json={"query": LOGIN, "variables": {
            "email": "nobody@example.org", "password": "wrong password"}})
    await app.state.engine.dispose()
    assert response.status_code == 200, response.text
    found = await db.execute(text("SELECT address FROM audit_log WHERE action = 'LOGIN_FAILED' ORDER BY id DESC LIMIT 1"))
    return str(found.scalar_one())


async def test_behind_a_trusted_proxy_the_address_is_the_client(database_url: str, db: AsyncSession) -> None:
    assert await failed_login_address(database_url, db, PROXY, CITIZEN, COZUM_TRUSTED_PROXIES=PROXY) == CITIZEN


async def test_a_trusted_network_names_the_proxies(database_url: str, db: AsyncSession) -> None:
    # A chain: the client, then a proxy of ours that appended what it saw.
    address = await failed_login_address(
        database_url, db, PROXY, f"{CITIZEN}, 172.18.0.9", COZUM_TRUSTED_PROXIES="172.16.0.0/12"
    )
    assert address == CITIZEN


@pytest.mark.parametrize("trusted", ["", "172.18.0.99"])
async def test_anyone_else_cannot_claim_an_address(database_url: str, db: AsyncSession, trusted: str) -> None:
    address = await failed_login_address(database_url, db, "198.51.100.20", CITIZEN, COZUM_TRUSTED_PROXIES=trusted)
    assert address == "198.51.100.20"


async def test_a_forged_entry_before_the_proxys_own_is_ignored(database_url: str, db: AsyncSession) -> None:
    """The proxy appends the address it saw; what the client wrote in front of it is the client's claim."""
    address = await failed_login_address(database_url, db, PROXY, f"10.9.9.9, {CITIZEN}", COZUM_TRUSTED_PROXIES=PROXY)
    assert address == CITIZEN
