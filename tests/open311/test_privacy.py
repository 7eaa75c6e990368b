"""A GET is open to anyone and enumerable: what citizens wrote stays out of it unless the
municipality chooses to publish descriptions (then masked), and staff's words to a citizen
never show the number or address they reached them at."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cozum.app import create_app
from cozum.config import Settings
from tests.conftest import http_client
from tests.open311 import spec
from tests.open311.conftest import BASE, Keys, Staff, form, submitted

each_format = pytest.mark.parametrize("fmt", spec.FORMATS)

# The first line (the ticket's title) names a neighbour and a home; the rest a number and an address.
WORDS = "Komşum Ahmet Yılmaz, Gül Sokak No 7 evinin önüne moloz döktü.\nBeni 0532 765 43 21 ya da ali@example.org ile arayın."
SECRETS = ("Komşum", "Yılmaz", "Gül Sokak", "moloz", "765 43 21", "5327654321", "ali@example.org", "arayın")


async def _everything(api: httpx.AsyncClient, reference: str, token: str, fmt: str) -> str:
    """Every GET that could show the request, with and without the extensions."""
    answers = [
        await api.get(f"requests/{reference}.{fmt}"), await api.get(f"requests.{fmt}"),
        await api.get(f"requests/{reference}.{fmt}", params={"extensions": "true"}),
        await api.get(f"requests.{fmt}", params={"extensions": "true", "service_request_id": reference}),
        await api.get(f"tokens/{token}.{fmt}"),
    ]
    assert all(answer.status_code == 200 for answer in answers)
    return " ".join(answer.text for answer in answers)


@each_format
async def test_by_default_no_word_a_citizen_wrote_is_published(api: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    posted = await api.post(f"requests.{fmt}", data=form(keys.submit, description=WORDS))
    assert posted.status_code == 201
    (answer,) = spec.items(posted, fmt, "service_requests", "request")
    shown = posted.text + await _everything(api, answer["service_request_id"], answer["token"], fmt)
    for secret in SECRETS:
        assert secret not in shown, secret
    (read,) = spec.requests_of(await api.get(f"requests.{fmt}", params={"extensions": "true"}), fmt)
    assert "description" in read and spec.text(read["description"]) is None  # there, and empty
    assert "title" not in read["extended_attributes"]


@pytest.fixture
async def publishing(database_url: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    app: Any = create_app(database_url, settings.model_copy(update={"open311_public_descriptions": True}))
    async with http_client(app) as client:
        client.base_url = httpx.URL(f"http://testserver{BASE}/")
        yield client
    await app.state.engine.dispose()


@each_format
async def test_published_descriptions_are_masked(publishing: httpx.AsyncClient, keys: Keys, fmt: str) -> None:
    reference = await submitted(publishing, keys.submit, description=WORDS)
    (read,) = spec.requests_of(await publishing.get(f"requests/{reference}.{fmt}", params={"extensions": "true"}), fmt)
    assert read["description"] == (
        "Komşum Ahmet Yılmaz, Gül Sokak No 7 evinin önüne moloz döktü.\nBeni *** ya da *** ile arayın."
    )
    assert read["extended_attributes"]["title"] == "Komşum Ahmet Yılmaz, Gül Sokak No 7 evinin önüne moloz döktü."


@each_format
async def test_staff_words_never_carry_a_number_or_address(
    api: httpx.AsyncClient, keys: Keys, operator: Staff, fmt: str
) -> None:
    reference = await submitted(api, keys.submit)
    await operator.reply(reference, "Sizi 0532 765 43 21 numarasından aradık, ali@example.org adresine yazdık.")
    (read,) = spec.requests_of(await api.get(f"requests/{reference}.{fmt}", params={"extensions": "true"}), fmt)
    assert read["status_notes"] == "Alındı: Sizi *** numarasından aradık, *** adresine yazdık."
    notes = read["extended_attributes"]["notes"]
    notes = notes if fmt == "json" else notes["note"]
    assert notes[-1]["message"] == "Sizi *** numarasından aradık, *** adresine yazdık."


def test_the_choice_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COZUM_OPEN311_PUBLIC_DESCRIPTIONS", raising=False)
    assert Settings(COZUM_ENV="test").open311_public_descriptions is False
    monkeypatch.setenv("COZUM_OPEN311_PUBLIC_DESCRIPTIONS", "true")
    assert Settings(COZUM_ENV="test").open311_public_descriptions is True
