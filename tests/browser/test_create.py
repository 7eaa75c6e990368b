"""Creating a ticket in the console: for a caller, a petition, a walk-in; with a pin on the map
(tiles or none), a department chosen at creation, and exactly one ticket however often the
operator presses the button."""

import asyncio
import json
import random
import re
import struct
import zlib
from typing import Any

from playwright.async_api import Page, Route, expect

from tests.browser.conftest import TABLET, Api, Console, axe_violations, screenshot, unique

TICKET_URL = re.compile(r"/console/tickets/(?!new$)([A-Za-z0-9_-]+)$")
TICKET = """query($id: ID!) { node(id: $id) { ... on Ticket {
  reference title channel channelReference replyChannel priority
  department { code } category { code } contact { name phone }
  location { latitude longitude address neighbourhood }
} } }"""
COUNT = "query($text: String!) { tickets(filter: { text: $text }) { totalCount } }"
CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"


def a_phone() -> str:
    return "0532 " + "".join(random.choices("0123456789", k=7))


def tile_png() -> bytes:
    """A 1×1 light-grey PNG: enough for Leaflet to count a tile as loaded."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xdd\xdd\xdd")) + chunk(b"IEND", b"")


async def open_form(console: Console, who: str = "operator", **options: Any) -> Page:
    page = await console.page(who, "/console/tickets/new", **options)
    await ready(page)
    return page


async def ready(page: Page) -> None:
    """The choices are loaded and the map is mounted."""
    await expect(page.get_by_label("Kategori", exact=True)).to_be_enabled()
    await expect(page.get_by_role("button", name="Harita merkezini kullan")).to_be_enabled()


async def category_id(api: Api, code: str) -> str:
    edges = (await api(CATEGORIES, None))["categories"]["edges"]
    return next(e["node"]["id"] for e in edges if e["node"]["code"] == code)


async def create(api: Api, title: str, phone: str, category: str) -> dict[str, Any]:
    """A ticket made through the API, for a citizen with this phone number."""
    payload = (await api(
        "mutation($input: CreateTicketInput!) { createTicket(input: $input) { ticket { id reference } userErrors { code } } }",
        {"input": {"channel": "PHONE", "categoryId": await category_id(api, category), "title": title,
                   "description": title + ": üç gündür böyle.", "contact": {"phone": phone}}},
    ))["createTicket"]
    assert payload["ticket"], payload
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


async def ticket_from_url(page: Page, api: Api) -> dict[str, Any]:
    await expect(page).to_have_url(TICKET_URL)
    match = TICKET_URL.search(page.url)
    assert match
    node: dict[str, Any] = (await api(TICKET, {"id": match.group(1)}))["node"]
    return node


async def count(api: Api, title: str) -> int:
    total: int = (await api(COUNT, {"text": title}))["tickets"]["totalCount"]
    return total


async def test_an_operator_takes_a_call_pins_it_on_the_map_and_sends_it_to_zabita(console: Console, api: Any) -> None:
    title = unique("Kaldırımda açık rögar")
    phone = a_phone()
    await create(api("operator"), unique("Çöp konteyneri taştı"), phone, "GARBAGE")
    page = await open_form(console)
    await expect(page.get_by_role("radio", name="Telefon")).to_be_checked()
    await page.get_by_label("Ad soyad").fill("Hatice Kaplan")
    await page.get_by_label("Telefon numarası").fill(phone)
    await page.get_by_label("Yanıt kanalı").select_option("SMS")
    await page.get_by_label("Kategori", exact=True).select_option(label="Yol / asfalt bozukluğu")
    await expect(page.get_by_test_id("category-suggestion")).to_contain_text("Önerilen birim: Fen İşleri Müdürlüğü")
    await page.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
    await page.get_by_label("Başlık").fill(title)
    await page.get_by_label("Açıklama").fill("Okul önündeki rögarın kapağı yok; çocuklar için tehlikeli.")
    await page.get_by_label("Adres", exact=True).fill("Atatürk Cad. No: 12")
    await page.get_by_label("Mahalle").fill("Yenişehir")
    await page.locator("#create-map").click(position={"x": 180, "y": 110})
    await expect(page.get_by_test_id("pin")).to_contain_text("Haritada seçilen konum:")
    await expect(page.locator("cz-create-earlier li")).to_have_count(1)
    await page.evaluate("window.scrollTo(0, 0)")
    await screenshot(page, "create")

    await page.get_by_role("button", name="Talebi kaydet").click()
    ticket = await ticket_from_url(page, api("operator"))
    await expect(page.get_by_role("status").filter(has_text="numaralı talep kaydedildi")).to_contain_text(ticket["reference"])
    assert ticket["title"] == title
    assert ticket["channel"] == "PHONE"
    assert ticket["replyChannel"] == "SMS"
    assert ticket["department"] == {"code": "ZABITA"}
    assert ticket["category"] == {"code": "ROAD_POTHOLE"}
    assert ticket["contact"]["name"] == "Hatice Kaplan"
    location = ticket["location"]
    assert location["address"] == "Atatürk Cad. No: 12" and location["neighbourhood"] == "Yenişehir"
    assert location["latitude"] is not None and location["longitude"] is not None


async def test_without_tiles_the_form_says_so_and_pin_and_address_still_work(console: Console, api: Any) -> None:
    title = unique("Parkta kırık bank")
    page = await open_form(console)
    await expect(page.get_by_test_id("map-notice")).to_contain_text("Harita altlığı kullanılamıyor")
    # The keyboard way: no dragging, no pointer.
    await page.get_by_role("button", name="Harita merkezini kullan").focus()
    await page.keyboard.press("Enter")
    pin = page.get_by_test_id("pin")
    await expect(pin).to_contain_text("38.2056, 37.1983")
    await page.get_by_role("button", name="İğneyi kaldır").click()
    await expect(pin).to_have_text("Haritada konum seçilmedi.")
    await page.get_by_label("Kategori", exact=True).select_option(label="Park bakımı / oyun grubu")
    await page.get_by_label("Başlık").fill(title)
    await page.get_by_label("Açıklama").fill("Oyun parkındaki bankın tahtaları kırık.")
    await page.get_by_label("Adres", exact=True).fill("Gazi Parkı, çocuk oyun alanı")
    await page.get_by_role("button", name="Talebi kaydet").click()
    ticket = await ticket_from_url(page, api("operator"))
    assert ticket["location"] == {"latitude": None, "longitude": None, "address": "Gazi Parkı, çocuk oyun alanı", "neighbourhood": None}


async def test_with_tiles_configured_the_map_shows_them(console: Console) -> None:
    context = await console.context("operator")
    config = '{"mapTileUrl": "/tiles/{z}/{x}/{y}.png", "mapAttribution": "© Deneme Haritası", "mapCenter": [41.0082, 28.9784]}'
    served: list[str] = []

    async def tile(route: Route) -> None:
        served.append(route.request.url)
        await route.fulfill(status=200, content_type="image/png", body=tile_png())

    await context.route("**/console/config.json", lambda route: route.fulfill(status=200, content_type="application/json", body=config))
    await context.route("**/tiles/**", tile)
    page = await context.new_page()
    console.pages.append(page)
    await page.goto("/console/tickets/new")
    await ready(page)
    await expect(page.locator("#create-map .leaflet-tile-loaded").first).to_be_attached()
    assert served and all(re.search(r"/tiles/13/\d+/\d+\.png$", url) for url in served)
    await expect(page.locator("#create-map")).to_contain_text("© Deneme Haritası")
    await expect(page.get_by_test_id("map-notice")).to_have_count(0)
    await page.get_by_role("button", name="Harita merkezini kullan").click()
    await expect(page.get_by_test_id("pin")).to_contain_text("41.0082, 28.9784")


async def test_a_known_phone_number_shows_the_citizens_earlier_requests(console: Console, api: Any) -> None:
    phone = a_phone()
    earlier = unique("Konteyner boşaltılmadı")
    created = await create(api("operator"), earlier, phone, "GARBAGE")
    page = await open_form(console)
    panel = page.locator("cz-create-earlier")
    await expect(panel).to_contain_text("Telefon numarası ya da e-posta adresi yazıldığında")
    await page.get_by_label("Telefon numarası").press_sequentially(phone, delay=20)
    link = panel.get_by_role("link", name=created["reference"])
    await expect(link).to_have_attribute("href", f"/console/tickets/{created['id']}")
    await expect(panel).to_contain_text(earlier)
    item = panel.locator("li", has=page.get_by_role("link", name=created["reference"]))
    await expect(item.locator(".badge.status")).to_have_count(1)
    await page.get_by_label("Telefon numarası").fill("0532 000")
    await expect(panel).not_to_contain_text(earlier)


async def test_double_clicking_submit_makes_exactly_one_ticket(console: Console, api: Any) -> None:
    title = unique("Çift tıklama çukur")
    page = await open_form(console)
    await page.get_by_label("Kategori", exact=True).select_option(label="Yol / asfalt bozukluğu")
    await page.get_by_label("Başlık").fill(title)
    await page.get_by_label("Açıklama").fill("Asfaltta derin bir çukur var.")
    await page.get_by_role("button", name="Talebi kaydet").dblclick()
    await ticket_from_url(page, api("operator"))
    await asyncio.sleep(0.5)  # a second request, had one left, would have landed by now
    assert await count(api("operator"), title) == 1


async def test_a_retry_after_a_lost_answer_returns_the_same_ticket(console: Console, api: Any) -> None:
    title = unique("Kayıp yanıt")
    page = await open_form(console)
    lost: list[str] = []

    async def lose_first_answer(route: Route) -> None:
        if "createTicket" in (route.request.post_data or "") and not lost:
            response = await route.fetch()  # the server makes the ticket…
            lost.append(await response.text())
            await route.abort("connectionreset")  # …and its answer never arrives
            return
        await route.continue_()

    await page.route("**/graphql", lose_first_answer)
    await page.get_by_label("Kategori", exact=True).select_option(label="Gürültü")
    await page.get_by_label("Başlık").fill(title)
    await page.get_by_label("Açıklama").fill("Gece yarısı inşaat gürültüsü.")
    submit = page.get_by_role("button", name="Talebi kaydet")
    await submit.click()
    summary = page.locator(".error-summary")
    await expect(summary).to_contain_text("Sunucuya ulaşılamadı")
    await expect(summary).to_be_focused()
    first = json.loads(lost[0])["data"]["createTicket"]["ticket"]
    await submit.click()
    ticket = await ticket_from_url(page, api("operator"))
    assert page.url.endswith(first["id"]) and ticket["reference"] == first["reference"]
    assert await count(api("operator"), title) == 1


async def test_a_petition_without_its_document_number_is_refused_with_a_focused_summary(console: Console) -> None:
    page = await open_form(console)
    assert await axe_violations(page) == []
    await page.get_by_role("radio", name="Dilekçe").check()
    reference = page.get_by_label("Evrak numarası")
    await expect(reference).to_be_visible()
    await page.get_by_label("Yanıt kanalı").select_option("SMS")
    await page.get_by_label("Kategori", exact=True).select_option(label="Kaçak yapı / imar şikâyeti")
    await page.get_by_label("Açıklama").fill("Komşu parselde ruhsatsız kat çıkılıyor.")
    await page.get_by_role("button", name="Talebi kaydet").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Dilekçenin evrak numarasını girin.")
    await expect(summary).to_contain_text("SMS ile yanıt vermek için telefon numarası girin")
    await expect(reference).to_have_attribute("aria-invalid", "true")
    await expect(page).to_have_url(re.compile(r"/console/tickets/new$"))
    assert await axe_violations(page) == []
    await summary.get_by_role("link", name="Dilekçenin evrak numarasını girin.").click()
    await expect(reference).to_be_focused()


async def test_a_category_shows_where_its_requests_go_and_its_priority(console: Console) -> None:
    page = await open_form(console)
    category = page.get_by_label("Kategori", exact=True)
    suggestion = page.get_by_test_id("category-suggestion")
    await category.select_option(label="Sokak aydınlatması arızası")
    await expect(suggestion).to_contain_text("belediyenin görevi değil: Elektrik dağıtım şirketi (EDAŞ)")
    await category.select_option(label="Gürültü")
    await expect(suggestion).to_contain_text("Önerilen birim: Zabıta Müdürlüğü")
    await expect(suggestion).to_contain_text("Hedef süre: 24 saat")
    await expect(page.get_by_label("Birim", exact=True).locator("option").first).to_have_text("Kategorinin birimi (Zabıta Müdürlüğü)")
    await expect(page.get_by_label("Öncelik")).to_have_value("NORMAL")
    await category.select_option(label="Kar küreme / tuzlama")
    await expect(page.get_by_label("Öncelik")).to_have_value("HIGH")
    await expect(page.get_by_text("Kategorinin varsayılanı: Yüksek")).to_be_visible()


async def test_categories_are_read_afresh_each_time_the_form_opens(console: Console, api: Any) -> None:
    code = "TEST_" + unique("X").split()[1].upper()
    name = unique("Çeşme arızası")
    departments = (await api("admin")("{ departments { edges { node { id code } } } }", None))["departments"]["edges"]
    zabita = next(e["node"]["id"] for e in departments if e["node"]["code"] == "ZABITA")
    page = await open_form(console)
    created = (await api("admin")(
        "mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } userErrors { code message } } }",
        {"i": {"code": code, "nameTr": name, "nameEn": name, "departmentId": zabita}},
    ))["createCategory"]
    assert created["category"], created
    await page.get_by_role("link", name="Talepler").click()
    await page.get_by_role("link", name="Yeni talep").click()
    await ready(page)
    category = page.get_by_label("Kategori", exact=True)
    await expect(category.locator("optgroup[label='Zabıta Müdürlüğü'] option", has_text=name)).to_have_count(1)
    await api("admin")(
        "mutation($i: UpdateCategoryInput!) { updateCategory(input: $i) { userErrors { code } } }",
        {"i": {"id": created["category"]["id"], "active": False}},
    )
    await page.get_by_role("link", name="Talepler").click()
    await page.get_by_role("link", name="Yeni talep").click()
    await ready(page)
    await expect(category.locator("option", has_text=name)).to_have_count(0)


async def test_the_form_fits_a_tablet(console: Console) -> None:
    page = await open_form(console, viewport=TABLET)
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    await expect(page.get_by_role("button", name="Talebi kaydet")).to_be_visible()
    box = await page.locator("#create-map").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= TABLET["width"]


async def test_the_servers_refusal_lands_on_its_field(console: Console) -> None:
    page = await open_form(console)
    phone = page.get_by_label("Telefon numarası")
    await phone.fill("12")
    await page.get_by_label("Kategori", exact=True).select_option(label="Gürültü")
    await page.get_by_label("Açıklama").fill("Gece boyunca yüksek sesle müzik.")
    await page.get_by_role("button", name="Talebi kaydet").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await summary.get_by_role("link", name="Geçerli bir telefon numarası girin.").click()
    await expect(phone).to_be_focused()
    await expect(phone).to_have_attribute("aria-invalid", "true")
    await expect(page).to_have_url(re.compile(r"/console/tickets/new$"))
