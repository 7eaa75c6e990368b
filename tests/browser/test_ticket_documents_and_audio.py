"""A citizen's PDF and voice message on a ticket (they come only by WhatsApp): in the console a
download link that says what and how big the file is, and a player that plays the very bytes
kept; on the tracking page a link for each, no broken picture."""

import io
from typing import Any

from playwright.async_api import Page, expect
from starlette.datastructures import UploadFile

from cozum.attachments.checks import CheckedFile, check_file
from cozum.attachments.kinds import ANY_KIND
from cozum.attachments.service import attach
from cozum.attachments.storage import storage_for
from cozum.auth.actor import Actor
from cozum.config import Settings
from cozum.db import create_engine, create_sessionmaker, transaction
from cozum.kit.relay import from_global_id
from cozum.tickets.models import Ticket
from tests.attachments.pdf_ogg import ogg_opus, pdf
from tests.browser.conftest import Api, Console, axe_violations, screenshot, unique
from tests.browser.test_ticket import opened

CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
CREATE = """mutation($i: CreateTicketInput!) { createTicket(input: $i) {
  secret ticket { id reference } userErrors { field code message } } }"""


# The session's server runs with these settings (tests/fixtures/live.py): the same files folder
# and key, so what is stored here it serves.
SERVER = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST")


async def _checked(data: bytes) -> CheckedFile:
    return await check_file(UploadFile(io.BytesIO(data), size=len(data)), SERVER, ["media"], accept=ANY_KIND)


async def ticket_with_files(api: Any, database_url: str, files: list[bytes]) -> dict[str, Any]:
    """A WhatsApp ticket and `files` attached as the WhatsApp intake attaches a citizen's media."""
    operator: Api = api("operator")
    codes = {e["node"]["code"]: e["node"]["id"] for e in (await operator(CATEGORIES, None))["categories"]["edges"]}
    payload = (await operator(CREATE, {"i": {
        "channel": "WHATSAPP", "categoryId": codes["ROAD_POTHOLE"], "title": unique("Dilekçe ve ses kaydı"),
        "description": "Dilekçemi ve sesli mesajımı gönderiyorum.", "replyChannel": "WHATSAPP",
        "contact": {"name": "Hasan Çelik", "phone": "+905321112244"},
    }}))["createTicket"]
    assert payload["userErrors"] == [], payload
    checked = [await _checked(data) for data in files]
    engine = create_engine(database_url, pool_size=1)
    try:
        async with transaction(create_sessionmaker(engine)) as session:
            ticket = await session.get(Ticket, from_global_id(payload["ticket"]["id"])[1])
            assert ticket is not None
            await attach(session, storage_for(SERVER), ticket, Actor(label="whatsapp"), checked)
    finally:
        await engine.dispose()
    return {**payload["ticket"], "secret": payload["secret"]}


async def playable_seconds(page: Page, selector: str) -> float:
    """Loads the player's file as a press of play would, and what the browser says it lasts."""
    seconds: float = await page.locator(selector).evaluate("""(audio) => new Promise((done, failed) => {
      audio.onloadedmetadata = () => done(audio.duration);
      audio.onerror = () => failed(new Error(`media error ${audio.error && audio.error.code}`));
      audio.preload = "metadata";
      audio.load();
    })""")
    return seconds


async def test_a_pdf_and_a_voice_message_on_a_ticket(console: Console, api: Any, console_database: str) -> None:
    document, voice = pdf(pages=2), ogg_opus(frames=100)
    ticket = await ticket_with_files(api, console_database, [document, voice])
    page = await opened(console, "operator", ticket)
    card = page.locator(".attachments-card")
    await expect(card.get_by_role("heading", name="Ekler (2)")).to_be_visible()
    items = card.locator(".attachment")
    await expect(items).to_have_count(2)
    await expect(card.get_by_role("img")).to_have_count(0)  # no thumbnail to break

    link = items.nth(0).get_by_role("link", name="PDF belge")
    await expect(link).to_have_attribute("download", "")
    await expect(link).to_contain_text("kB")
    await expect(items.nth(0)).to_contain_text("PDF belge 1")
    fetched = await page.request.get(await link.get_attribute("href") or "")
    assert fetched.status == 200 and await fetched.body() == document
    assert fetched.headers["content-type"] == "application/pdf"
    assert fetched.headers["content-disposition"].startswith("attachment; filename=")

    player = items.nth(1).locator("audio")
    await expect(player).to_have_attribute("controls", "")
    await expect(player).to_have_attribute("preload", "none")
    await expect(player).to_have_accessible_name("Ses kaydı 2")
    download = items.nth(1).get_by_role("link", name="Ses kaydı 2 indir")
    await expect(download).to_have_attribute("href", await player.get_attribute("src") or "")
    assert 1.9 < await playable_seconds(page, ".attachments-card audio") < 2.1  # 100 frames of 20 ms
    assert await axe_violations(page) == []
    await card.scroll_into_view_if_needed()
    await screenshot(page, "ticket-document-and-audio")

    # The citizen's tracking page: a link for each, named by what it is.
    track = await console.page(None, f"/track#r={ticket['reference']}&s={ticket['secret']}")
    files = track.get_by_test_id("photos")
    await expect(files.get_by_role("link", name="PDF belge")).to_have_attribute("download", "")
    await expect(files.get_by_role("link", name="Ses kaydı")).to_be_visible()
    await expect(files.get_by_role("img")).to_have_count(0)
    assert await axe_violations(track) == []
