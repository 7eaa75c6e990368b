"""Every refusal in the spec's error list, in the format the path asked for, and nothing stored."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from cozum.app import create_app
from cozum.auth.api_keys import revoke_api_key
from cozum.auth.models import ApiKey
from cozum.config import Settings
from cozum.db import create_sessionmaker, transaction
from tests.conftest import count_rows, http_client
from tests.open311 import spec
from tests.open311.conftest import BASE, Keys, form, submitted

pytestmark = pytest.mark.parametrize("fmt", spec.FORMATS)


async def _tickets(engine: AsyncEngine) -> int:
    async with create_sessionmaker(engine)() as session:
        return await count_rows(session, "tickets")


async def test_an_unknown_service_is_404(api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str) -> None:
    spec.errors_of(await api.get(f"services/NO_SUCH_SERVICE.{fmt}"), fmt, 404)
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(keys.submit, service_code="NO_SUCH")), fmt, 404)
    assert await _tickets(engine) == 0


@pytest.mark.parametrize("key", [None, "", "czm_nothing_here", "not-even-a-key"])
async def test_a_missing_or_wrong_key_is_403(
    api: httpx.AsyncClient, engine: AsyncEngine, fmt: str, key: str | None
) -> None:
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(key)), fmt, 403)
    assert await _tickets(engine) == 0


async def test_a_key_without_the_submit_scope_or_revoked_is_403(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str
) -> None:
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(keys.read_only)), fmt, 403)
    async with transaction(create_sessionmaker(engine)) as session:
        key = (await session.execute(select(ApiKey).where(col(ApiKey.name) == "Mahalle App"))).scalar_one()
        assert key.id is not None
        await revoke_api_key(session, key.id)
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(keys.submit)), fmt, 403)
    assert await _tickets(engine) == 0


@pytest.mark.parametrize("where", [{"lat": "", "long": ""}, {"lat": "38.2", "long": ""}, {"lat": "north", "long": "37"}])
async def test_a_request_without_a_usable_location_is_400(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str, where: dict[str, str]
) -> None:
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(keys.submit, **where)), fmt, 400)
    assert await _tickets(engine) == 0


async def test_an_address_alone_is_a_location(api: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    response = await api.post(f"requests.{fmt}", data=form(keys.submit, lat="", long="", address_string="Pazar yeri"))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("fields", [{"service_code": ""}, {"description": ""}, {"attribute[request_type]": "NOPE"},
                                    {"email": "not an address"}, {"lat": "91", "long": "37"}])
async def test_other_missing_or_invalid_fields_are_400(
    api: httpx.AsyncClient, keys: Keys, fmt: str, fields: dict[str, str]
) -> None:
    spec.errors_of(await api.post(f"requests.{fmt}", data=form(keys.submit, **fields)), fmt, 400)


@pytest.mark.parametrize("query", [
    {"start_date": "yesterday"}, {"end_date": "2026-13-45T00:00:00Z"}, {"updated_after": "2026-12-03T25:00:00Z"},
    {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # more than 90 days
    {"start_date": "2026-02-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
    {"page": "0"}, {"page": "-1"}, {"page": "two"}, {"page_size": "0"}, {"page_size": "1001"}, {"page_size": "1.5"},
    {"status": "pending"}, {"extensions": "maybe"},
    {"page": "11", "page_size": "1000"}, {"page": "10001", "page_size": "1"},  # deeper than plain paging goes
])
async def test_malformed_query_values_are_400(api: httpx.AsyncClient, fmt: str, query: dict[str, str]) -> None:
    spec.errors_of(await api.get(f"requests.{fmt}", params=query), fmt, 400)


async def test_unknown_requests_and_tokens_are_404(api: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    reference = await submitted(api, keys.submit)
    spec.errors_of(await api.get(f"requests/TST-1999-000001.{fmt}"), fmt, 404)
    spec.errors_of(await api.get(f"tokens/{reference}.{fmt}"), fmt, 404)  # a reference is not a token
    spec.errors_of(await api.get(f"tokens/{reference}-{'0' * 20}.{fmt}"), fmt, 404)


async def test_unknown_paths_and_methods(api: httpx.AsyncClient, fmt: str) -> None:
    spec.errors_of(await api.get(f"nothing.{fmt}"), fmt, 404)
    spec.errors_of(await api.get(f"services/a/b.{fmt}"), fmt, 404)
    response = await api.delete(f"requests.{fmt}")
    spec.errors_of(response, fmt, 405)
    assert response.headers["allow"] == "GET, HEAD, POST"
    spec.errors_of(await api.post(f"services.{fmt}"), fmt, 405)


@pytest.mark.parametrize("path", ["services.html", "services", "services.", "requests.csv", "discovery.JSONP"])
async def test_an_unknown_format_extension_is_404_in_json(api: httpx.AsyncClient, fmt: str, path: str) -> None:
    spec.errors_of(await api.get(path), "json", 404)


@pytest.fixture
async def one_jurisdiction(database_url: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app: Any = create_app(database_url, settings.model_copy(update={"open311_jurisdiction": "elbistan.bel.tr"}))
    async with http_client(app) as client:
        client.base_url = httpx.URL(f"http://testserver{BASE}/")
        yield client
    await app.state.engine.dispose()


async def test_another_jurisdiction_is_404_and_ours_or_none_is_served(
    one_jurisdiction: httpx.AsyncClient, keys: Keys, fmt: str
) -> None:
    api = one_jurisdiction
    for path in (f"services.{fmt}", f"requests.{fmt}", f"services/ROAD_POTHOLE.{fmt}", f"discovery.{fmt}"):
        spec.errors_of(await api.get(path, params={"jurisdiction_id": "kahramanmaras.bel.tr"}), fmt, 404)
        assert (await api.get(path, params={"jurisdiction_id": "elbistan.bel.tr"})).status_code == 200
        assert (await api.get(path)).status_code == 200
    other = form(keys.submit, jurisdiction_id="kahramanmaras.bel.tr")
    spec.errors_of(await api.post(f"requests.{fmt}", data=other), fmt, 404)
    ours = form(keys.submit, jurisdiction_id="elbistan.bel.tr")
    assert (await api.post(f"requests.{fmt}", data=ours)).status_code == 201


@pytest.mark.parametrize("path", ["requests/%00", "services/%00", "tokens/%00", "requests/TST-2026-%0A000001"])
async def test_a_control_character_in_the_path_is_404(api: httpx.AsyncClient, fmt: str, path: str) -> None:
    spec.errors_of(await api.get(f"{path}.{fmt}"), fmt, 404)


async def test_a_form_that_is_not_utf8_is_400_and_stores_nothing(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, fmt: str
) -> None:
    fields = {**form(keys.submit), "description": "Çukur"}
    latin = "&".join(f"{name}={value}" for name, value in fields.items()).encode("cp1254")  # Ç as one byte
    urlencoded = {"content-type": "application/x-www-form-urlencoded"}
    spec.errors_of(await api.post(f"requests.{fmt}", content=latin, headers=urlencoded), fmt, 400)
    spec.errors_of(await api.post(f"requests.{fmt}", content=latin.replace(b"\xc7", b"%C7"), headers=urlencoded), fmt, 400)
    boundary = "sinir"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode() + value.encode("cp1254") + b"\r\n"
        for name, value in fields.items()
    ]
    multipart = b"".join(parts) + f"--{boundary}--\r\n".encode()
    headers = {"content-type": f"multipart/form-data; boundary={boundary}"}
    spec.errors_of(await api.post(f"requests.{fmt}", content=multipart, headers=headers), fmt, 400)
    assert await _tickets(engine) == 0
