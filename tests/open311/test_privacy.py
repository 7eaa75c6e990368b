"""A GET is open to anyone and enumerable: what citizens wrote stays out of it unless the
municipality chooses to publish descriptions (then masked), and staff's words to a citizen
never show the number or address they reached them at."""


import httpx
import pytest

from cozum.config import Settings
from tests.attachments.media import jpeg
from tests.open311 import spec
from tests.open311.conftest import Keys, Staff, form, submitted

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
    monkeypatch.delenv("COZUM_OPEN311_PUBLIC_CONTENT", raising=False)
    assert Settings(COZUM_ENV="test").open311_public_content is False
    monkeypatch.setenv("COZUM_OPEN311_PUBLIC_CONTENT", "true")
    assert Settings(COZUM_ENV="test").open311_public_content is True


async def test_photos_are_linked_only_where_the_municipality_publishes_them(
    api: httpx.AsyncClient, publishing: httpx.AsyncClient, keys: Keys,
) -> None:
    photo = [("media[]", ("cukur.jpg", jpeg(), "image/jpeg"))]
    posted = await api.post("requests.json", data=form(keys.submit), files=photo)
    assert posted.status_code == 201, posted.text
    reference = posted.json()[0]["service_request_id"]
    for client, linked in [(api, False), (publishing, True)]:
        (read,) = (await client.get(f"requests/{reference}.json", params={"extensions": "true"})).json()
        assert (read["media_url"] is not None) is linked
        assert bool(read["extended_attributes"]["media_urls"]) is linked


@pytest.mark.parametrize("request_type", ["REPORT", "INFORMATION"])
async def test_denunciations_and_information_requests_are_never_published(
    api: httpx.AsyncClient, publishing: httpx.AsyncClient, keys: Keys, request_type: str,
) -> None:
    hidden = await submitted(api, keys.submit, **{"attribute[request_type]": request_type})
    shown = await submitted(api, keys.submit)
    for client in (api, publishing):
        listed = [r["service_request_id"] for r in (await client.get("requests.json")).json()]
        assert shown in listed and hidden not in listed
        assert (await client.get(f"requests/{hidden}.json")).status_code == 404
        assert (await client.get("requests.json", params={"service_request_id": hidden})).json() == []


async def test_a_browser_dashboard_may_read_but_not_post(api: httpx.AsyncClient, keys: Keys) -> None:
    read = await api.get("services.json", headers={"Origin": "https://pano.example.org"})
    assert read.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in read.headers
    posted = await api.post("requests.json", data=form(keys.submit), headers={"Origin": "https://pano.example.org"})
    assert posted.status_code == 201 and "access-control-allow-origin" not in posted.headers
