"""`cozum serve --workers 2` as it runs in production, but with a header naming the worker
process (only outside production): a revoked session or key is refused on the very next
request, whichever worker it reaches, though every worker had it in memory."""

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.credentials import csrf_token
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ApiScope
from cozum.auth.service import create_user, open_session
from cozum.db import create_sessionmaker, transaction
from tests.auth.helpers import TICKET_COUNT, make_key
from tests.conftest import STAFF_PASSWORD
from tests.fixtures.live import free_port

SECRET = "w" * 40
ME = "{ me { id } }"
WORKER = "x-cozum-worker"


@contextlib.asynccontextmanager
async def _serving(database_url: str) -> AsyncIterator[str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "COZUM_ENV": "test", "SECRET_KEY": SECRET, "COZUM_WORKER": "off"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "cozum.cli", "serve", "--workers", "2", "--port", str(port), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        await _ready(base)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)


async def _ready(base: str) -> None:
    async with httpx.AsyncClient(base_url=base) as http:
        for _ in range(600):
            with contextlib.suppress(httpx.TransportError):
                if (await http.get("/healthz")).status_code == 200:
                    return
            await asyncio.sleep(0.1)  # a process starting: nothing to await but its socket
    raise AssertionError("cozum serve --workers 2 did not start")


async def _one_connection_per_worker(base: str) -> dict[str, httpx.AsyncClient]:
    """Kept-alive connections, one to each worker: a connection stays with the process that
    accepted it. Which one accepts is the kernel's choice, so connect until both answered."""
    clients: dict[str, httpx.AsyncClient] = {}
    for _ in range(200):
        http = httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=1))
        worker = (await http.post("/graphql", json={"query": "{ __typename }"})).headers[WORKER]
        if worker in clients:
            await http.aclose()
        else:
            clients[worker] = http
        if len(clients) == 2:
            return clients
    raise AssertionError("only one worker ever answered")


async def _session(engine: AsyncEngine, email: str, role: StaffRole) -> str:
    async with transaction(create_sessionmaker(engine)) as session:
        user = await create_user(session, email, STAFF_PASSWORD, role)
        return await open_session(session, user, 1)


async def _ask(http: httpx.AsyncClient, worker: str, query: str, **headers: str) -> httpx.Response:
    response = await http.post("/graphql", json={"query": query}, headers=headers)
    assert response.headers[WORKER] == worker  # still the same process
    return response


def _cookie(token: str) -> dict[str, str]:
    return {"cookie": f"cozum_session={token}", "x-csrf-token": csrf_token(SECRET, token)}


@pytest.fixture
async def workers(database_url: str) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    async with _serving(database_url) as base:
        clients = await _one_connection_per_worker(base)
        yield clients
        for http in clients.values():
            await http.aclose()


async def test_a_logout_is_refused_on_every_worker(
    workers: dict[str, httpx.AsyncClient], engine: AsyncEngine,
) -> None:
    token = await _session(engine, "operator@example.org", StaffRole.OPERATOR)
    for worker, http in workers.items():
        for _ in range(2):  # looked up, then from memory
            assert (await _ask(http, worker, ME, **_cookie(token))).json()["data"]["me"] is not None
    first, http = next(iter(workers.items()))
    logout = await _ask(http, first, "mutation { logout { ok } }", **_cookie(token))
    assert logout.json()["data"]["logout"]["ok"] is True
    for worker, http in workers.items():
        assert (await _ask(http, worker, ME, **_cookie(token))).json()["data"]["me"] is None


async def test_a_revoked_key_is_refused_on_every_worker(
    workers: dict[str, httpx.AsyncClient], engine: AsyncEngine,
) -> None:
    key = await make_key(engine, "Köprü", [ApiScope.READ_ALL])
    admin = await _session(engine, "admin@example.org", StaffRole.ADMIN)
    bearer: dict[str, Any] = {"authorization": f"Bearer {key}"}
    for worker, http in workers.items():
        for _ in range(2):
            assert (await _ask(http, worker, TICKET_COUNT, **bearer)).status_code == 200
    last, http = list(workers.items())[-1]
    listed = await _ask(http, last, "{ apiKeys(first: 1) { edges { node { id } } } }", **_cookie(admin))
    key_id = listed.json()["data"]["apiKeys"]["edges"][0]["node"]["id"]
    revoke = f'mutation {{ revokeApiKey(input: {{id: "{key_id}"}}) {{ userErrors {{ code }} }} }}'
    assert (await _ask(http, last, revoke, **_cookie(admin))).json()["data"]["revokeApiKey"]["userErrors"] == []
    for worker, http in workers.items():
        assert (await _ask(http, worker, TICKET_COUNT, **bearer)).status_code == 401
