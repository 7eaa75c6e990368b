"""The citizens' portal on a phone (390×844): filing a request with a photo and a pin, following
it live on the tracking page while staff resolve it in the console, and the form's care for the
citizen: errors that take focus, a draft that survives a reload or a lost connection, English."""

import random
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Locator, Page, Route, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import Api, Console, axe_violations, screenshot, unique
from tests.browser.portal_helpers import (
    TICKET,
    choose_category,
    continue_,
    describe,
    phone_page,
    photo_with_gps,
    quick_request,
    reply_by_sms,
)

STATUS = """mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { userErrors { code } } }"""
TRACKING_LINK = re.compile(r"^http://127\.0\.0\.1:\d+/track#r=(TST-\d{4}-\d+)&s=([0-9a-f]+)$")


def a_phone() -> str:
    return "0533 " + "".join(random.choices("0123456789", k=7))


async def ticket_with(api: Api, text: str) -> dict[str, Any]:
    edges = (await api(TICKET, {"text": text}))["tickets"]["edges"]
    assert len(edges) == 1, edges
    node: dict[str, Any] = edges[0]["node"]
    return node


async def no_serious_violations(page: Page) -> None:
    assert await axe_violations(page) == []


async def at_top(locator: Locator) -> None:
    """Scrolls `locator` to the top of the phone's screen, for the picture."""
    await locator.evaluate("element => element.scrollIntoView({ block: 'start' })")


async def test_a_citizen_reports_with_a_photo_and_a_pin_and_follows_it_live(
    console: Console, api: Any, tmp_path: Path,
) -> None:
    description = unique("Okulun önündeki yolda derin bir çukur var")
    phone = a_phone()
    page = await phone_page(console)
    await expect(page.get_by_role("heading", level=1, name="Belediyenize bir sorunu bildirin")).to_be_visible()
    await no_serious_violations(page)
    await screenshot(page, "portal-start")
    await page.get_by_role("link", name="Şimdi başlayın").click()

    # Each new page's heading takes focus: a screen reader hears where it landed.
    await expect(page.get_by_role("heading", level=1, name="Bildirmek istediğiniz konu nedir?")).to_be_focused()
    await no_serious_violations(page)
    await choose_category(page, "Yol / asfalt bozukluğu")
    await describe(page, description)

    # The photo: 38°12'36" N, 37°12' E in its EXIF, inside the municipality (the map opens at 38.2056, 37.1983).
    photo = photo_with_gps(tmp_path, (38.0, 12.0, 36.0), (37.0, 12.0, 0.0))
    await expect(page.get_by_role("heading", level=1, name="Fotoğraf ya da video ekleyin")).to_be_focused()
    await page.locator("#q-photos-gallery").set_input_files(photo)
    files = page.get_by_role("list", name="Eklenen dosyalar")
    await expect(files.get_by_role("listitem")).to_have_count(1)
    await expect(files).to_contain_text("cukur.jpg")
    await expect(files).to_contain_text("konum bilgisi var")
    await expect(files.get_by_role("img", name="Eklenen fotoğraf: cukur.jpg")).to_be_visible()
    await no_serious_violations(page)
    await screenshot(page, "portal-photos")
    await continue_(page)

    await expect(page.get_by_role("heading", level=1, name="Sorun nerede?")).to_be_focused()
    offer = page.get_by_role("group", name="Fotoğrafın konumu kullanılsın mı?")
    await expect(offer).to_contain_text("38.21, 37.2")
    await offer.get_by_role("button", name="Evet, fotoğrafın konumunu kullan").click()
    chosen = page.get_by_test_id("chosen-location")
    await expect(chosen).to_have_text("Seçilen konum: 38.21, 37.2 (fotoğraftan)")
    # The test server has no map tiles: the map still opens, says so, and takes a tap.
    await page.get_by_role("button", name="Haritada işaretle").click()
    await expect(page.get_by_test_id("map-notice")).to_contain_text("Harita görüntüsü yok")
    await expect(page.get_by_role("button", name="Haritanın ortasını kullan")).to_be_enabled()
    await page.locator("#q-map").tap(position={"x": 120, "y": 90})
    await expect(chosen).to_contain_text("(haritadan)")
    await page.get_by_label("Adres ya da yer tarifi").fill("İnönü Cad., Atatürk İlkokulu önü")
    await page.get_by_label("Mahalle").fill("Yenimahalle")
    await no_serious_violations(page)
    await at_top(chosen)
    await screenshot(page, "portal-location")
    await continue_(page)

    await reply_by_sms(page, phone)
    await expect(page.get_by_role("heading", level=1, name="Yanıtlarınızı kontrol edin")).to_be_focused()
    summary = page.locator("dl.summary")
    for text in ("Yol / asfalt bozukluğu", description, "(haritadan)", "İnönü Cad., Atatürk İlkokulu önü", "SMS ile", phone):
        await expect(summary).to_contain_text(text)
    await no_serious_violations(page)
    await screenshot(page, "portal-check")
    await page.get_by_role("button", name="Talebi gönder").click()

    await expect(page.get_by_role("heading", level=1, name="Talebiniz alındı")).to_be_focused()
    reference = (await page.get_by_test_id("reference").inner_text()).strip()
    link = await page.get_by_label("Takip bağlantınız").input_value()
    match = TRACKING_LINK.match(link)
    assert match and match.group(1) == reference, link
    await no_serious_violations(page)
    await screenshot(page, "portal-done")

    ticket = await ticket_with(api("operator"), reference)
    assert ticket["description"] == description and ticket["replyChannel"] == "SMS"
    location = ticket["location"]
    assert location["address"] == "İnönü Cad., Atatürk İlkokulu önü" and location["neighbourhood"] == "Yenimahalle"
    # The pin from the tap, not the photo's position; near where the map opened.
    assert (location["latitude"], location["longitude"]) != (38.21, 37.2)
    assert abs(location["latitude"] - 38.2056) < 0.05 and abs(location["longitude"] - 37.1983) < 0.05
    # One photo, made smaller in the browser before it was sent.
    [attachment] = ticket["attachments"]
    assert attachment["kind"] == "PHOTO" and attachment["public"] is True
    assert max(attachment["width"], attachment["height"]) == 2048

    await page.get_by_test_id("track-link").click()
    await expect(page.get_by_role("heading", level=1, name=f"Talep {reference}")).to_be_focused()
    status = page.get_by_test_id("status")
    await expect(page.locator(".live-connected")).to_be_visible()
    await expect(page.get_by_test_id("photos").get_by_role("img")).to_have_count(1)
    await expect(page.get_by_test_id("timeline")).to_contain_text("Talebiniz alındı")
    await expect(page.locator("dl.facts")).to_contain_text("Fen İşleri Müdürlüğü")
    received = await status.locator(".status-label").inner_text()
    await no_serious_violations(page)
    await screenshot(page, "portal-track")

    # Staff resolve it in the console; the citizen's page changes by itself.
    staff = await console.page("operator", f"/console/tickets/{ticket['id']}")
    form = staff.locator("cz-ticket-status-form")
    await form.get_by_label("Yeni durum").select_option(label="Çözüldü")
    await form.locator("#status-reason").fill("Çukur asfaltla kapatıldı.")
    await form.get_by_role("button", name="Durumu değiştir").click()
    await expect(status.locator(".status-label")).not_to_have_text(received)
    await expect(status).to_contain_text("Çukur asfaltla kapatıldı.")
    await expect(page.get_by_test_id("timeline")).to_contain_text("Çukur asfaltla kapatıldı.")

    question = page.get_by_role("group", name="Sonuçtan ne kadar memnunsunuz?")
    await question.get_by_role("radio", name="4 — Memnunum").check()
    await page.get_by_label("Eklemek istediğiniz bir şey var mı?").fill("Hızlı ilgilendiniz, teşekkürler.")
    await no_serious_violations(page)
    await page.get_by_role("button", name="Yanıtımı gönder").click()
    answer = page.get_by_test_id("satisfaction-answer")
    await expect(answer).to_contain_text("4 / 5 — Memnunum")
    await expect(answer).to_contain_text("Hızlı ilgilendiniz, teşekkürler.")
    await at_top(status)
    await screenshot(page, "portal-satisfaction")
    assert (await ticket_with(api("operator"), reference))["satisfaction"] == {"score": 4, "comment": "Hızlı ilgilendiniz, teşekkürler."}

    # A week later the hole is back: within 30 days the citizen reopens it from the same page.
    await page.get_by_text("Sorun sürüyor mu? Talebi yeniden açın").click()
    await page.get_by_label("Sorun neden sürüyor?").fill("Yağmurdan sonra çukur yeniden açıldı.")
    await page.get_by_role("button", name="Yeniden aç").click()
    await expect(page.get_by_test_id("timeline")).to_contain_text("Yağmurdan sonra çukur yeniden açıldı.")
    await expect(page.get_by_role("button", name="Yeniden aç")).to_have_count(0)
    assert (await ticket_with(api("operator"), reference))["status"] not in ("RESOLVED", "REJECTED")


async def test_a_missing_description_is_summarised_focused_and_linked(console: Console) -> None:
    page = await phone_page(console, "/request/description")
    await continue_(page)
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Bir sorun var")
    await expect(page.locator("#q-description")).to_have_attribute("aria-invalid", "true")
    await no_serious_violations(page)
    await screenshot(page, "portal-error")
    await summary.get_by_role("link", name="Sorunu kısaca anlatın").click()
    await expect(page.get_by_label("Sorunu anlatın")).to_be_focused()


async def test_the_draft_survives_a_reload(console: Console, tmp_path: Path) -> None:
    description = unique("Parktaki salıncak kırık")
    page = await phone_page(console, "/request/category")
    await choose_category(page, "Park bakımı / oyun grubu")
    await page.get_by_label("Sorunu anlatın").fill(description)
    await page.reload()
    await expect(page.get_by_label("Sorunu anlatın")).to_have_value(description)
    await continue_(page)
    await page.locator("#q-photos-gallery").set_input_files(photo_with_gps(tmp_path, (38.0, 12.0, 0.0), (37.0, 11.0, 0.0)))
    await expect(page.get_by_role("list", name="Eklenen dosyalar").get_by_role("listitem")).to_have_count(1)
    await page.reload()
    # The photo itself came back from IndexedDB, not only its name.
    await expect(page.get_by_role("img", name="Eklenen fotoğraf: cukur.jpg")).to_be_visible()
    await page.goto("/")
    draft = page.get_by_test_id("draft")
    await expect(draft).to_contain_text("Yarım kalan bir talebiniz var")
    await draft.get_by_role("link", name="Kaldığım yerden devam et").click()
    await expect(page.get_by_role("heading", level=1, name="Yanıtlarınızı kontrol edin")).to_be_visible()
    await expect(page.locator("dl.summary")).to_contain_text(description)
    await expect(page.locator("dl.summary").get_by_role("img")).to_have_count(1)


async def test_the_english_switch_is_kept_by_the_browser(console: Console) -> None:
    page = await phone_page(console)
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", level=1, name="Report a problem to your municipality")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"
    await page.get_by_role("link", name="Start now").click()
    await expect(page.get_by_role("radio", name="Road surface / pothole", exact=True)).to_be_visible()
    await page.reload()
    await expect(page.get_by_role("heading", level=1, name="What is it about?")).to_be_visible()
    await no_serious_violations(page)
    await page.get_by_role("button", name="Türkçe").click()
    await expect(page.get_by_role("radio", name="Yol / asfalt bozukluğu", exact=True)).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "tr"


async def test_a_lost_answer_is_sent_again_with_the_same_key_and_gives_one_request(console: Console, api: Any) -> None:
    description = unique("Pazar yeri çöpleri toplanmadı")
    page = await phone_page(console)
    await quick_request(page, description, a_phone())
    lost: list[str] = []

    async def lose_the_answer(route: Route) -> None:
        # The request reaches the server and is stored; its answer never reaches the phone.
        if not lost and "submitRequest" in (route.request.post_data or ""):
            response = await route.fetch()
            lost.append(await response.text())
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route("**/graphql", lose_the_answer)
    await page.get_by_role("button", name="Talebi gönder").click()
    await expect(page.get_by_test_id("offline")).to_contain_text("Talebiniz bu cihazda saklandı")
    assert lost and '"reference"' in lost[0]
    await page.get_by_role("button", name="Talebi gönder").click()
    await expect(page.get_by_role("heading", level=1, name="Talebiniz alındı")).to_be_visible()
    reference = (await page.get_by_test_id("reference").inner_text()).strip()
    assert reference in lost[0]
    assert (await ticket_with(api("operator"), description))["reference"] == reference
    # Sent means done: no draft is offered again.
    await page.goto("/")
    await expect(page.get_by_role("link", name="Şimdi başlayın")).to_be_visible()
    await expect(page.get_by_test_id("draft")).to_have_count(0)


async def test_going_back_to_change_an_answer_during_a_slow_send_files_one_request(console: Console, api: Any) -> None:
    description = unique("Pazar yerinde su birikintisi")
    page = await phone_page(console)
    await quick_request(page, description, a_phone())
    held: list[Route] = []

    async def hold(route: Route) -> None:
        if "submitRequest" in (route.request.post_data or ""):
            held.append(route)  # answered only once the citizen has gone back and changed an answer
        else:
            await route.continue_()

    await page.route("**/graphql", hold)
    async with page.expect_request(lambda r: "submitRequest" in (r.post_data or "")):
        await page.get_by_role("button", name="Talebi gönder").click()
    await page.go_back()
    await reply_by_sms(page, a_phone(), name="Deniz Yılmaz Kaya")
    await expect(page.get_by_role("heading", level=1, name="Yanıtlarınızı kontrol edin")).to_be_visible()
    # The changed answers wait for the citizen: arriving on the check page sends nothing by itself.
    with pytest.raises(PlaywrightTimeout):
        async with page.expect_request(lambda r: "submitRequest" in (r.post_data or ""), timeout=1500):
            pass
    assert len(held) == 1
    async with page.expect_response(lambda r: "submitRequest" in (r.request.post_data or "")):
        await held[0].continue_()
    await ticket_with(api("operator"), description)  # exactly one


async def test_offline_the_draft_waits_and_is_sent_when_the_connection_is_back(console: Console, api: Any) -> None:
    description = unique("Sokak lambası gün boyu yanıyor")
    page = await phone_page(console)
    await quick_request(page, description, a_phone())
    await page.context.set_offline(True)
    await page.get_by_role("button", name="Talebi gönder").click()
    await expect(page.get_by_test_id("offline")).to_be_visible()
    await page.context.set_offline(False)
    await expect(page.get_by_role("heading", level=1, name="Talebiniz alındı")).to_be_visible()
    reference = (await page.get_by_test_id("reference").inner_text()).strip()
    assert (await ticket_with(api("operator"), description))["reference"] == reference


async def test_tracking_by_typing_the_reference_and_code(console: Console, api: Any) -> None:
    description = unique("Kaldırım taşları yerinden çıktı")
    page = await phone_page(console)
    await quick_request(page, description, a_phone())
    await page.get_by_role("button", name="Talebi gönder").click()
    link = await page.get_by_label("Takip bağlantınız").input_value()
    match = TRACKING_LINK.match(link)
    assert match
    await page.goto("/track")
    await page.get_by_role("button", name="Talebi göster").click()
    await expect(page.locator(".error-summary")).to_be_focused()
    await page.get_by_label("Referans numarası").fill(match.group(1).lower())
    await page.get_by_label("Takip kodu").fill("0" * 32)
    await page.get_by_role("button", name="Talebi göster").click()
    await expect(page.get_by_role("alert")).to_contain_text("bir talep bulunamadı")
    await page.get_by_label("Takip kodu").fill(match.group(2))
    await page.get_by_role("button", name="Talebi göster").click()
    await expect(page.get_by_role("heading", level=1, name=f"Talep {match.group(1)}")).to_be_visible()
    await expect(page.get_by_text(description)).to_be_visible()
    # The citizen adds a word; it reaches the public timeline.
    await page.get_by_text("Bilgi ya da fotoğraf ekleyin").click()
    await page.get_by_label("Eklemek istedikleriniz").fill("Akşamları karanlıkta görünmüyor, dikkat.")
    await page.get_by_role("button", name="Gönder", exact=True).click()
    await expect(page.get_by_test_id("timeline")).to_contain_text("Akşamları karanlıkta görünmüyor, dikkat.")
    await no_serious_violations(page)


async def test_the_phones_position_is_offered_and_checked_against_the_municipality(console: Console) -> None:
    # Outside the municipality's box (the portal's configuration says where it is).
    page = await phone_page(console, "/request/location", geolocation={"latitude": 41.0082, "longitude": 28.9784}, permissions=["geolocation"])
    bounds = '{"mapTileUrl": null, "mapAttribution": null, "mapCenter": [38.2056, 37.1983], "bounds": {"south": 38.1, "west": 37.0, "north": 38.3, "east": 37.4}, "maxPhotoBytes": 10485760, "maxVideoBytes": 52428800}'
    await page.route("**/config.json", lambda route: route.fulfill(status=200, content_type="application/json", body=bounds))
    await page.reload()
    await page.get_by_role("button", name="Bulunduğum yeri kullan").click()
    await expect(page.get_by_test_id("chosen-location")).to_have_text("Seçilen konum: 41.0082, 28.9784 (bulunduğunuz yer)")
    await continue_(page)
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("belediye sınırları dışında")
    await page.context.set_geolocation({"latitude": 38.2101, "longitude": 37.2002})
    await page.get_by_role("button", name="Bulunduğum yeri kullan").click()
    await expect(page.get_by_test_id("chosen-location")).to_contain_text("38.2101, 37.2002")
    await continue_(page)
    await expect(page.get_by_role("heading", level=1, name="Size nasıl dönüş yapalım?")).to_be_focused()


async def test_more_than_five_photos_are_refused_before_anything_is_sent(console: Console, tmp_path: Path) -> None:
    page = await phone_page(console, "/request/photos")
    photos = []
    for i in range(6):
        folder = tmp_path / str(i)
        folder.mkdir()
        photos.append(photo_with_gps(folder, (38.0, 12.0, float(i)), (37.0, 12.0, 0.0)))
    await page.locator("#q-photos-gallery").set_input_files(photos)
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("En çok 5 fotoğraf ekleyebilirsiniz")
    await expect(page.get_by_role("list", name="Eklenen dosyalar")).to_have_count(0)
    await page.locator("#q-photos-gallery").set_input_files(photos[:5])
    await expect(page.get_by_role("list", name="Eklenen dosyalar").get_by_role("listitem")).to_have_count(5)
    # Full: no more inputs, and it says why.
    await expect(page.locator("#q-photos-gallery")).to_be_hidden()
    await expect(page.get_by_text("Başka dosya eklenemez")).to_be_visible()


async def test_a_file_the_server_cannot_read_is_refused_on_its_question(console: Console, api: Any, tmp_path: Path) -> None:
    description = unique("Çöp konteyneri kırık")
    fake = tmp_path / "sahte.jpg"
    fake.write_bytes(b"bu bir fotograf degil\n" * 200)
    page = await phone_page(console)
    await page.get_by_role("link", name="Şimdi başlayın").click()
    await choose_category(page, "Çöp toplama / konteyner")
    await describe(page, description)
    # The browser cannot draw it either, so it goes as it is, and the server looks at its content.
    await page.locator("#q-photos-gallery").set_input_files(fake)
    await expect(page.get_by_role("list", name="Eklenen dosyalar")).to_contain_text("sahte.jpg")
    await continue_(page)
    await continue_(page, "Konumsuz devam et")
    await reply_by_sms(page, a_phone())
    await page.get_by_role("button", name="Talebi gönder").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("Bu dosya bir fotoğraf (JPEG, PNG, HEIC, WebP) ya da MP4 video değil")
    await summary.get_by_role("link").click()
    await expect(page.get_by_role("link", name="Değiştir Fotoğraf ve video")).to_be_focused()
    assert (await api("operator")(TICKET, {"text": description}))["tickets"]["totalCount"] == 0


async def test_the_console_still_brings_its_own_labels(console: Console) -> None:
    # Each front end registers its catalogues (console/catalogues.js, portal/catalogues.js).
    page = await console.page(None, "/console/sign-in")
    await expect(page.get_by_role("heading", level=1, name="Personel girişi")).to_be_visible()
    await expect(page.get_by_label("Parola")).to_be_visible()
