"""The console's day in one story, as issue-level acceptance: an operator signs in and takes a
call, the ticket goes to Zabıta, a Zabıta agent sees it arrive without reloading while Fen İşleri
never does, the agent works it, and a colleague's stale change is explained, not applied."""

import re
import uuid
from collections.abc import Callable

from playwright.async_api import Page, expect

from tests.browser.conftest import Api, Console, email
from tests.browser.slow_link import SlowLink
from tests.conftest import STAFF_PASSWORD

ROWS = "cz-queue-table tbody tr"
CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
CREATE = """mutation($i: CreateTicketInput!) { createTicket(input: $i) { ticket { id } userErrors { code } } }"""


async def live_queue(console: Console, who: str) -> Page:
    page = await console.page(who, "/console/")
    await expect(page.get_by_role("heading", level=1, name="Talepler")).to_be_visible()
    await expect(page.locator(".live-connected")).to_be_visible()
    return page


async def probe(page: Page, api: Callable[[str], Api], category: str) -> None:
    """A ticket of the page's own department, made now, arrives: its subscription is live."""
    codes = {e["node"]["code"]: e["node"]["id"] for e in (await api("operator")(CATEGORIES, None))["categories"]["edges"]}
    title = f"Kontrol kz{uuid.uuid4().hex[:8]}"
    payload = (await api("operator")(CREATE, {"i": {"channel": "PHONE", "categoryId": codes[category], "title": title,
                                                   "description": "Canlı bağlantı denetimi."}}))["createTicket"]
    assert payload["userErrors"] == []
    await expect(page.locator(ROWS, has_text=title)).to_be_visible()


async def test_a_call_reaches_zabita_live_and_a_stale_change_is_explained(console: Console, api: Callable[[str], Api]) -> None:
    word = f"kz{uuid.uuid4().hex[:8]}"
    title = f"Gece yarısı düğün salonundan yüksek müzik {word}"
    zabita = await live_queue(console, "zabita")
    fen = await live_queue(console, "fen")
    await probe(fen, api, "ROAD_POTHOLE")

    # The operator signs in and takes the call.
    operator = await console.page(None, "/console/")
    await operator.get_by_label("E-posta adresi").fill(email("operator"))
    await operator.get_by_label("Parola").fill(STAFF_PASSWORD)
    await operator.get_by_role("button", name="Giriş yap").click()
    await expect(operator.get_by_role("heading", level=1, name="Talepler")).to_be_visible()
    await operator.get_by_role("link", name="Yeni talep").click()
    await expect(operator.get_by_label("Kategori", exact=True)).to_be_enabled()
    await operator.get_by_label("Ad soyad").fill("Kemal Yıldırım")
    await operator.get_by_label("Telefon numarası").fill("0533 412 77 90")
    await operator.get_by_label("Yanıt kanalı").select_option("SMS")
    await operator.get_by_label("Kategori", exact=True).select_option(label="Yol / asfalt bozukluğu")
    await operator.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
    await operator.get_by_label("Başlık").fill(title)
    await operator.get_by_label("Açıklama").fill("Her hafta sonu gece ikiye kadar müzik; komşular uyuyamıyor.")
    await operator.get_by_label("Adres", exact=True).fill("Saray Mah. İnönü Cad. No: 40")
    await operator.get_by_role("button", name="Talebi kaydet").click()
    await expect(operator).to_have_url(re.compile(r"/console/tickets/(?!new$)[\w-]+$"))
    ticket_url = operator.url

    # Zabıta's queue shows it without a reload, marked as new.
    arrived = zabita.locator(ROWS, has_text=word)
    await expect(arrived).to_be_visible()
    await expect(arrived.locator(".badge.fresh")).to_have_text("Yeni gelen")
    # Fen's socket delivers a ticket made after this one: the call was never Fen's to see.
    await probe(fen, api, "ROAD_POTHOLE")
    await expect(fen.locator(ROWS, has_text=word)).to_have_count(0)

    # A colleague opens the ticket too, over a slow link that holds her live updates back.
    link = SlowLink()
    colleague = await (await console.context("zabita2")).new_page()
    console.pages.append(colleague)
    await link.attach(colleague)
    await colleague.goto(ticket_url)
    await expect(colleague.locator(".live-connected")).to_be_visible()
    await expect(colleague.get_by_role("heading", level=1)).to_contain_text(word)
    link.holding = True

    # The agent opens it from the queue and starts work.
    await arrived.get_by_role("link").first.click()
    await expect(zabita.get_by_role("heading", level=1)).to_contain_text(word)
    status = zabita.locator("cz-ticket-status-form")
    await status.get_by_label("Yeni durum").select_option(label="İşlemde")
    await status.get_by_role("button", name="Durumu değiştir").click()
    await expect(zabita.locator(".timeline-entry").last).to_contain_text("Zeki Zabıta")
    await expect(zabita.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))

    # The colleague, still looking at the old version, puts it on hold: refused and explained.
    stale = colleague.locator("cz-ticket-status-form")
    await stale.get_by_label("Yeni durum").select_option(label="Beklemede")
    await stale.locator("#status-reason").fill("Salon sahibine ulaşılamadı.")
    await stale.get_by_role("button", name="Durumu değiştir").click()
    summary = stale.locator(".error-summary")
    await expect(summary).to_contain_text("Zeki Zabıta tarafından")
    await expect(summary).to_be_focused()
    await expect(colleague.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))
    link.release()
