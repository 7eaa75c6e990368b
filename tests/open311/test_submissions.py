"""POST as tickets: the contact kept but never shown, retries answered once, files checked."""

import asyncio
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.attachments.media import jpeg
from tests.open311 import spec
from tests.open311.conftest import Keys, Staff, form, submitted, ticket_row

CONTACT = {"first_name": "Zeynep", "last_name": "Kılıçarslan", "email": "zeynep.k@example.org", "phone": "05321234567"}


async def _contact(engine: AsyncEngine, contact_id: int) -> dict[str, str]:
    async with engine.connect() as connection:
        row = (await connection.execute(
            text("SELECT name, email, phone FROM contacts WHERE id = :id"), {"id": contact_id}
        )).mappings().one()
    return dict(row)


@pytest.mark.parametrize("fmt", spec.FORMATS)
async def test_the_contact_is_kept_for_staff_and_never_read_back(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, operator: Staff, fmt: str
) -> None:
    description = "Çukur var. Bana 0532 765 43 21 ya da zeynep.k@example.org adresinden ulaşın."
    reference = await submitted(api, keys.submit, description=description, **CONTACT)
    row = await ticket_row(engine, reference)
    assert await _contact(engine, row["contact_id"]) == {
        "name": "Zeynep Kılıçarslan", "email": "zeynep.k@example.org", "phone": "+905321234567",
    }
    await operator.note(reference, "Vatandaş ikinci kez arıyor.")
    shown = " ".join([
        (await api.get(f"requests/{reference}.{fmt}", params={"extensions": "true"})).text,
        (await api.get(f"requests.{fmt}", params={"extensions": "true"})).text,
    ])
    for secret in ("Zeynep", "Kılıçarslan", "zeynep.k", "5321234567", "765 43 21", "ikinci kez", "Bana"):
        assert secret not in shown


async def test_a_retry_with_the_same_key_is_the_same_request(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine
) -> None:
    headers = {"Idempotency-Key": "mahalle-app-8841"}
    first = await api.post("requests.json", data=form(keys.submit), headers=headers)
    again = await api.post("requests.json", data=form(keys.submit), headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    other = await api.post("requests.json", data=form(keys.submit, idempotency_key="mahalle-app-8842"))
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    changed = await api.post("requests.json", data=form(keys.submit, description="Başka bir şey."), headers=headers)
    spec.errors_of(changed, "json", 409)
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM tickets"))).scalar_one() == 2


async def test_photos_in_media_are_checked_stored_and_linked(
    publishing: httpx.AsyncClient, publishing_app: Any, keys: Keys, engine: AsyncEngine
) -> None:
    api, app = publishing, publishing_app  # photos are linked only where the municipality publishes them
    photo = jpeg()
    response = await api.post(
        "requests.json", data=form(keys.submit), files=[("media[]", ("cukur.jpg", photo, "image/jpeg"))]
    )
    assert response.status_code == 201, response.text
    reference = response.json()[0]["service_request_id"]
    (read,) = spec.requests_of(await api.get(f"requests/{reference}.json"), "json")
    assert read["media_url"].startswith("http://cozum.example.org/files/")
    path = read["media_url"].removeprefix("http://cozum.example.org")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as raw:
        served = await raw.get(path)
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"

    refused = await api.post(
        "requests.json", data=form(keys.submit), files=[("media[]", ("x.jpg", b"<html>not a photo</html>", "image/jpeg"))]
    )
    spec.errors_of(refused, "json", 400)
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM tickets"))).scalar_one() == 1
        assert (await connection.execute(text("SELECT count(*) FROM attachments"))).scalar_one() == 1


@pytest.mark.parametrize("encode", [
    lambda text: text.encode(),  # raw, as `curl -d` sends it
    lambda text: httpx.QueryParams(dict(pair.split("=", 1) for pair in text.split("&"))).__str__().encode(),
])
async def test_text_is_read_as_utf8_raw_or_percent_encoded(
    api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine, encode: Any
) -> None:
    body = "&".join(f"{name}={value}" for name, value in form(keys.submit, address_string="Gülşen Sk.").items())
    response = await api.post("requests.json", content=encode(body),
                              headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 201, response.text
    async with engine.connect() as connection:
        stored = (await connection.execute(text("SELECT description, address FROM tickets"))).one()
    assert tuple(stored) == ("Çukur var, araçlar zarar görüyor.", "Gülşen Sk.")


async def test_the_same_key_at_once_is_one_request(api: httpx.AsyncClient, keys: Keys, engine: AsyncEngine) -> None:
    headers = {"Idempotency-Key": "mahalle-app-9001"}
    answers = await asyncio.gather(*(api.post("requests.json", data=form(keys.submit), headers=headers) for _ in range(6)))
    assert sorted(answer.status_code for answer in answers) == [200] * 5 + [201]
    assert len({answer.json()[0]["service_request_id"] for answer in answers}) == 1
    async with engine.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM tickets"))).scalar_one() == 1
