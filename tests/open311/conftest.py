"""An app with two API keys (one that may submit, one that may only read) and a client for
/open311/v2/ that sends forms as integrators' apps do."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.auth.api_keys import create_api_key
from cozum.auth.permissions import ApiScope
from cozum.config import Settings
from cozum.db import create_sessionmaker, transaction
from cozum.kit.relay import to_global_id
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.queries import CHANGE_STATUS, NOTE, REPLY

BASE = "/open311/v2"
# Elbistan, inside the municipality.
LAT, LONG = "38.2056", "37.1983"


@dataclass
class Keys:
    submit: str
    read_only: str


@pytest.fixture
def settings() -> Settings:
    return Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST", PUBLIC_BASE_URL="http://cozum.example.org")


@pytest.fixture
async def keys(engine: AsyncEngine) -> Keys:
    async with transaction(create_sessionmaker(engine)) as session:
        _, submit = await create_api_key(session, "Mahalle App", [ApiScope.SUBMIT])
        _, read_only = await create_api_key(session, "Dashboard", [ApiScope.READ_PUBLIC])
    return Keys(submit, read_only)


@pytest.fixture
async def api(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(app) as client:
        client.base_url = httpx.URL(f"http://testserver{BASE}/")
        yield client


@pytest.fixture
async def publishing_app(database_url: str, settings: Settings) -> AsyncIterator[Any]:
    """A municipality that chose to publish what citizens wrote and photographed."""
    app: Any = create_app(database_url, settings.model_copy(update={"open311_public_content": True}))
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def publishing(publishing_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with http_client(publishing_app) as client:
        client.base_url = httpx.URL(f"http://testserver{BASE}/")
        yield client


def form(key: str | None, **fields: str) -> dict[str, str]:
    """A service request as the spec's POST describes it, pothole at Elbistan by default."""
    values = {"service_code": "ROAD_POTHOLE", "lat": LAT, "long": LONG, "description": "Çukur var, araçlar zarar görüyor."}
    if key is not None:
        values["api_key"] = key
    return {**values, **fields}


async def submitted(api: httpx.AsyncClient, key: str, **fields: str) -> str:
    response = await api.post("requests.json", data=form(key, **fields))
    assert response.status_code == 201, response.text
    reference: str = response.json()[0]["service_request_id"]
    return reference


async def ticket_row(engine: AsyncEngine, reference: str) -> dict[str, Any]:
    async with engine.connect() as connection:
        row = (await connection.execute(
            text("SELECT id, version, due_at, updated_at, contact_id, channel FROM tickets WHERE reference = :r"),
            {"r": reference},
        )).mappings().one()
    return dict(row)


async def backdate(engine: AsyncEngine, reference: str, days: int) -> None:
    """As if the request had come in (and last changed) `days` days ago."""
    async with engine.begin() as connection:
        await connection.execute(text(
            "UPDATE tickets SET created_at = created_at - make_interval(days => :d), "
            "updated_at = updated_at - make_interval(days => :d) WHERE reference = :r"
        ), {"d": days, "r": reference})


class Staff:
    """An operator at the console, acting on a request by its reference."""

    def __init__(self, client: GraphQLClient, engine: AsyncEngine) -> None:
        self.client, self.engine = client, engine

    async def _ticket(self, reference: str) -> tuple[str, int]:
        row = await ticket_row(self.engine, reference)
        return to_global_id("Ticket", row["id"]), row["version"]

    async def reply(self, reference: str, body: str) -> None:
        ticket_id, _ = await self._ticket(reference)
        await self.client.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket_id, "body": body}})

    async def note(self, reference: str, body: str) -> None:
        ticket_id, _ = await self._ticket(reference)
        await self.client.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket_id, "body": body}})

    async def change(self, reference: str, status: str, reason: str | None = None) -> None:
        ticket_id, version = await self._ticket(reference)
        await self.client.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
            "ticketId": ticket_id, "status": status, "expectedVersion": version, "reason": reason,
        }})


@pytest.fixture
def operator(staff: GraphQLClient, engine: AsyncEngine) -> Staff:
    return Staff(staff, engine)
