"""In production a webhook reaches no address inside the network: refused at registration and,
after resolving the name, at every send. Tests and development allow them (the receiver is local)."""

import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.app import create_app
from cozum.auth.models import StaffRole
from cozum.config import Settings
from cozum.webhooks.destinations import Refused, check_url, resolve
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import rows, submit
from tests.webhooks.helpers import CREATE, dispatching, register
from tests.webhooks.receiver import WebhookReceiver

INSIDE = [
    "http://127.0.0.1:8000/", "http://localhost/hook", "http://api.localhost/", "http://10.1.2.3/",
    "http://192.168.1.10/", "http://172.16.0.5/", "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/", "http://[fe80::1]/", "http://[::ffff:10.0.0.1]/", "http://0.0.0.0/", "http://[fd00::1]/",
]


def _production(database_url: str, **extra: Any) -> Settings:
    return Settings(
        COZUM_ENV="production", SECRET_KEY="x" * 40, WHATSAPP_VERIFY_TOKEN="t" * 20,
        DATABASE_URL=database_url, COZUM_TICKET_PREFIX="TST", **extra,
    )


def test_production_refuses_addresses_inside_the_network_unless_a_setting_allows_them() -> None:
    assert not _production("postgresql://x@h/db").webhooks_reach_private
    assert _production("postgresql://x@h/db", COZUM_WEBHOOK_ALLOW_PRIVATE="true").webhooks_reach_private
    assert Settings(COZUM_ENV="development").webhooks_reach_private
    for url in INSIDE:
        with pytest.raises(Refused):
            check_url(url, allow_private=False)
        check_url(url, allow_private=True)
    for url in ["https://ebys.example.org/hook", "http://8.8.8.8/", "https://[2606:4700::1111]/"]:
        check_url(url, allow_private=False)
    for url in ["ftp://example.org/", "file:///etc/passwd", "https:///path", "javascript:alert(1)"]:
        with pytest.raises(Refused):
            check_url(url, allow_private=True)


class Dns:
    """A resolver that answers for hooks.example.org with an address of the test's choosing
    (a name an attacker controls can point anywhere, and change between two lookups)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, address: str) -> None:
        real = socket.getaddrinfo

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host == "hooks.example.org":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (self.address, port or 80))]
            return real(host, port, *args, **kwargs)

        self.address = address
        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


async def test_a_public_name_that_resolves_inside_the_network_is_refused_at_send(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dns = Dns(monkeypatch, "10.0.0.7")
    check_url("https://hooks.example.org/cozum", allow_private=False)  # nothing to see at registration
    with pytest.raises(Refused, match=r"10\.0\.0\.7"):
        await resolve("https://hooks.example.org/cozum", allow_private=False)
    dns.address = "93.184.215.14"
    target = await resolve("https://hooks.example.org/cozum", allow_private=False)
    # Sent to the checked address itself; the name stays for Host, SNI and the certificate.
    assert str(target.url) == "https://93.184.215.14/cozum"
    assert (target.host_header, target.server_name) == ("hooks.example.org", "hooks.example.org")


async def test_the_request_goes_to_the_address_that_was_checked(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    webhook_settings: Settings, monkeypatch: pytest.MonkeyPatch,
) -> None:
    Dns(monkeypatch, "127.0.0.1")
    port = receiver.server.server_address[1]
    await register(admin, f"http://hooks.example.org:{port}/hooks", ["CREATED"])
    async with dispatching(database_url, webhook_settings) as observed:
        await submit(client, email="mehmet@example.org")
        await observed.delivered(1)
    [delivery] = receiver.at("/hooks")
    assert delivery.headers["host"] == f"hooks.example.org:{port}"


@pytest.fixture
async def production_app(database_url: str) -> AsyncIterator[Any]:
    application = create_app(database_url, _production(database_url))
    yield application
    await application.state.engine.dispose()


async def test_registering_an_inside_address_in_production_is_a_user_error(
    production_app: Any, engine: AsyncEngine,
) -> None:
    admin = await signed_in(production_app, engine, "admin@example.org", "Zeynep Yönetici", StaffRole.ADMIN)
    for url in ["http://169.254.169.254/latest/meta-data/", "http://localhost:5432/"]:
        payload = (await admin.data(CREATE, {"input": {"name": "x", "url": url, "events": ["CREATED"]}}))
        errors = payload["createWebhookEndpoint"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [(["input", "url"], "INVALID")]
    accepted = await admin.data(CREATE, {"input": {"name": "x", "url": "https://ebys.example.org/", "events": ["CREATED"]}})
    assert accepted["createWebhookEndpoint"]["userErrors"] == []
    await admin.http.aclose()


async def test_a_production_dispatcher_sends_nothing_inside_the_network(
    admin: GraphQLClient, client: GraphQLClient, receiver: WebhookReceiver, database_url: str,
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch,
) -> None:
    Dns(monkeypatch, "127.0.0.1")
    # Registered while the name pointed outside (no lookup at registration), sent in production.
    await register(admin, f"http://hooks.example.org:{receiver.server.server_address[1]}/hooks", ["CREATED"])
    production = _production(database_url).model_copy(update={"webhook_retry_base_seconds": 0.01})
    async with dispatching(database_url, production) as observed:
        await submit(client, email="mehmet@example.org")
        refused = (await observed.until(lambda rs: len(rs) >= 1))[0]
    assert refused.status is not None and refused.status.value == "PENDING" and refused.status_code is None
    assert refused.error is not None and "inside the network" in refused.error
    assert receiver.deliveries == []
    attempts = await rows(engine, "SELECT error FROM webhook_attempts WHERE number = 1")
    assert "127.0.0.1" in attempts[0]["error"]
