"""Photos and videos on a ticket in the console, and what the citizen was sent: staff add a photo
and see its thumbnail, a ticket created with a photo shows it, a refused file is explained on
its field, and the delivery list shows the outbox row of a ticket that answers by e-mail."""

from collections.abc import Callable
from typing import Any

import httpx
from playwright.async_api import Locator, Page, expect

from cozum.config import Settings
from tests.attachments.media import ELBISTAN, NOT_A_JPEG, jpeg, mp4
from tests.browser.conftest import Api, Console, axe_violations, screenshot, unique
from tests.browser.test_create import open_form, ticket_from_url
from tests.browser.test_ticket import make_ticket, opened
from tests.notifications.helpers import running_worker
from tests.notifications.receivers import MailInbox

SUBMIT = """mutation($i: SubmitRequestInput!) { submitRequest(input: $i) { reference secret userErrors { code } } }"""
INFORMATION = """mutation($i: AddRequestInformationInput!) {
  addRequestInformation(input: $i) { userErrors { code } } }"""
ANSWER = """mutation($i: AnswerSatisfactionInput!) { answerSatisfaction(input: $i) { userErrors { code } } }"""
FIND = "query($text: String!) { tickets(filter: { text: $text }) { edges { node { id version } } } }"
RESOLVE = """mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) { userErrors { code } } }"""
CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
NOTIFICATIONS = """query($id: ID!) { node(id: $id) { ... on Ticket {
  notifications { kind channel status attempts lastError } } } }"""
ATTACHMENTS = "query($id: ID!) { node(id: $id) { ... on Ticket { attachments { kind public latitude longitude } } } }"


def photo(name: str = "kaldirim.jpg", gps: tuple[float, float] | None = ELBISTAN) -> dict[str, Any]:
    return {"name": name, "mimeType": "image/jpeg", "buffer": jpeg((800, 600), gps=gps)}


async def loaded(image: Locator) -> None:
    """The picture arrived and decoded: a broken or refused URL leaves naturalWidth at 0."""
    await image.scroll_into_view_if_needed()  # thumbnails load lazily, once on screen
    await expect(image).to_be_visible()
    await expect(image).to_have_js_property("complete", True)
    assert await image.evaluate("(img) => img.naturalWidth") > 0


async def add_photo(page: Page, file: dict[str, Any], internal: bool = False) -> None:
    form = page.locator("cz-ticket-attachment-form")
    await form.get_by_label("Dosya", exact=True).set_input_files(file)
    if internal:
        await form.get_by_label("Yalnızca personel görsün").check()
    await form.get_by_role("button", name="Dosyayı ekle").click()


async def test_an_agent_adds_a_photo_and_sees_its_thumbnail_and_where_it_was_taken(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Kırık kaldırım taşı"))
    page = await opened(console, "zabita", ticket)
    card = page.locator(".attachments-card")
    await expect(card).to_contain_text("Bu talebe eklenmiş dosya yok.")
    await add_photo(page, photo(), internal=True)
    await expect(page.get_by_role("status").filter(has_text="Dosya talebe eklendi.")).to_be_visible()
    item = card.locator(".attachment")
    await expect(item).to_have_count(1)
    await loaded(item.get_by_role("img", name="Fotoğraf 1: büyük göster"))
    await expect(item).to_contain_text("İç kayıt")
    await expect(item).to_contain_text("Zeki Zabıta")
    await expect(item).to_contain_text("800×600")
    # Where the camera said it was, read before the metadata was stripped.
    await expect(item.locator(".attachment-place")).to_contain_text("38,2056, 37,1983")
    entry = page.locator(".timeline-entry.type-attachment_added").last
    await expect(entry).to_contain_text("Ek eklendi")
    await expect(entry).to_contain_text("İç kayıt")
    # The file input is ready for the next one, and the citizen does not see this one.
    await expect(page.locator("cz-ticket-attachment-form").get_by_label("Dosya", exact=True)).to_have_value("")
    stored = (await api("zabita")(ATTACHMENTS, {"id": ticket["id"]}))["node"]["attachments"]
    assert [(a["kind"], a["public"]) for a in stored] == [("PHOTO", False)]

    # The thumbnail opens the full picture in a dialog; Escape closes it, focus comes back.
    preview = item.get_by_role("button", name="Fotoğraf 1: büyük göster")
    await preview.click()
    dialog = page.get_by_role("dialog", name="Fotoğraf 1")
    await loaded(dialog.get_by_role("img", name="Fotoğraf 1"))
    assert await dialog.get_by_role("img").evaluate("(img) => img.naturalWidth") == 800
    await expect(dialog.get_by_role("link", name="Yeni sekmede aç")).to_have_attribute("target", "_blank")
    assert await axe_violations(page) == []
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(preview).to_be_focused()


async def test_a_video_is_not_fetched_until_it_is_played(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Kaçak döküm videosu"))
    page = await opened(console, "zabita", ticket)
    files: list[str] = []
    page.on("request", lambda r: files.append(r.url) if "/files/" in r.url else None)
    await add_photo(page, {"name": "dokum.mp4", "mimeType": "video/mp4", "buffer": mp4()})
    video = page.locator(".attachments-card video")
    await expect(video).to_have_attribute("preload", "none")
    await expect(video).to_have_accessible_name("Video 1")
    await expect(page.locator(".attachments-card .attachment")).to_contain_text("Vatandaş görür")
    await expect(page.locator(".timeline-entry.type-attachment_added").last).to_contain_text("Video")
    src = await video.get_attribute("src")
    assert src and "/files/" in src
    assert files == []


async def test_a_ticket_created_with_a_photo_shows_it(console: Console, api: Callable[[str], Api]) -> None:
    title = unique("Devrilmiş ağaç")
    page = await open_form(console)
    await page.get_by_label("Kategori", exact=True).select_option(label="Park bakımı / oyun grubu")
    await page.get_by_label("Başlık").fill(title)
    await page.get_by_label("Açıklama").fill("Fırtınada ağaç yola devrildi; fotoğrafı vatandaş e-postayla gönderdi.")
    chooser = page.get_by_label("Fotoğraf ya da video (isteğe bağlı)")
    await chooser.set_input_files([photo("agac-1.jpg", gps=None), photo("agac-2.jpg")])
    chosen = page.get_by_role("list", name="Seçilen dosyalar")
    await expect(chosen.get_by_role("listitem")).to_have_count(2)
    await chosen.get_by_role("button", name="Çıkar: agac-1.jpg").click()
    await expect(chosen.get_by_role("listitem")).to_have_count(1)
    await expect(chosen).to_contain_text("agac-2.jpg")
    assert await axe_violations(page) == []
    await page.get_by_role("button", name="Talebi kaydet").click()

    ticket = await ticket_from_url(page, api("operator"))
    assert ticket["title"] == title
    item = page.locator(".attachments-card .attachment")
    await expect(item).to_have_count(1)
    await loaded(item.get_by_role("img", name="Fotoğraf 1: büyük göster"))
    # Created by staff for the citizen: shared with them, like the citizen's own photos.
    await expect(item).to_contain_text("Vatandaş görür")
    await expect(item.locator(".attachment-place")).to_contain_text("38,2056, 37,1983")
    await expect(page.locator(".ticket-header")).to_contain_text(title)
    await screenshot(page, "ticket-attachments")


async def test_six_photos_are_refused_before_sending(console: Console) -> None:
    page = await open_form(console)
    await page.get_by_label("Fotoğraf ya da video (isteğe bağlı)").set_input_files(
        [photo(f"foto-{i}.jpg", gps=None) for i in range(6)]
    )
    await page.get_by_label("Kategori", exact=True).select_option(label="Park bakımı / oyun grubu")
    await page.get_by_label("Açıklama").fill("Altı fotoğraf.")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.post_data or "") if r.url.endswith("/graphql") and r.method == "POST" else None)
    await page.get_by_role("button", name="Talebi kaydet").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(summary).to_contain_text("En çok 5 fotoğraf ya da tek bir video")
    await summary.get_by_role("link").click()
    await expect(page.get_by_label("Fotoğraf ya da video (isteğe bağlı)")).to_be_focused()
    assert not any("createTicket" in body for body in sent)


async def test_a_file_that_is_not_a_picture_is_refused_on_its_field(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Sahte fotoğraf"))
    page = await opened(console, "zabita", ticket)
    await add_photo(page, {"name": "rapor.jpg", "mimeType": "image/jpeg", "buffer": NOT_A_JPEG})
    form = page.locator("cz-ticket-attachment-form")
    summary = form.locator(".error-summary")
    await expect(summary).to_be_focused()
    await expect(form.locator(".field-error")).to_be_visible()
    await expect(form.get_by_label("Dosya", exact=True)).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".attachments-card .attachment")).to_have_count(0)
    assert (await api("zabita")(ATTACHMENTS, {"id": ticket["id"]}))["node"]["attachments"] == []


async def test_the_delivery_list_shows_the_message_waiting_then_sent_live(
    console: Console, api: Callable[[str], Api], console_database: str
) -> None:
    ticket = await make_ticket(api, unique("E-postayla yanıt"), replyChannel="EMAIL")
    rows = (await api("operator")(NOTIFICATIONS, {"id": ticket["id"]}))["node"]["notifications"]
    # The session's server sends nothing (no worker, no SMTP_URL): the message waits, untried.
    assert rows == [{"kind": "RECEIVED", "channel": "EMAIL", "status": "PENDING", "attempts": 0, "lastError": None}]
    page = await opened(console, "zabita", ticket)
    await expect(page.locator(".live-connected")).to_be_visible()
    delivery = page.locator(".deliveries-card .delivery")
    await expect(delivery).to_have_count(1)
    await expect(delivery).to_contain_text("Talep alındı")
    await expect(delivery).to_contain_text("E-posta")
    await expect(delivery.locator(".delivery-status")).to_have_text("Gönderilmeyi bekliyor")
    await expect(delivery).to_contain_text("Deneme sayısı: 0")
    await expect(delivery.locator(".delivery-error")).to_have_count(0)

    # A worker with a real (local) SMTP server sends it; the page hears of it live.
    inbox = MailInbox()
    inbox.controller.start()
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST").model_copy(update={"smtp_url": inbox.url})
    try:
        async with running_worker(console_database, settings):
            await inbox.until(lambda: any(ticket["reference"] in str(m["subject"]) for m in inbox.messages))
            await expect(delivery.locator(".delivery-status")).to_have_text("Gönderildi")
            await expect(delivery).to_contain_text("Deneme sayısı: 1")
            entry = page.locator(".timeline-entry.type-notification_sent")
            await expect(entry).to_contain_text("Bildirim gönderildi")
            await expect(entry).to_contain_text("Mesaj: Talep alındı · E-posta")
            await expect(entry).to_contain_text("İç kayıt")
    finally:
        inbox.controller.stop()


async def test_a_message_given_up_on_is_shown_as_a_problem(
    console: Console, api: Callable[[str], Api], console_database: str
) -> None:
    ticket = await make_ticket(api, unique("SMS gitmedi"))  # reply by SMS, and no gateway
    page = await opened(console, "zabita", ticket)
    await expect(page.locator(".live-connected")).to_be_visible()
    # A worker that gives up at the first failure: the ticket's staff are told at once.
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST").model_copy(update={"outbox_give_up_hours": 1e-9})
    async with running_worker(console_database, settings):
        failed = page.locator(".timeline-entry.type-notification_failed")
        await expect(failed).to_contain_text("Bildirim gönderilemedi")
    await expect(failed.locator(".badge.problem")).to_have_text("Sorun")
    await expect(failed).to_contain_text("Mesaj: Talep alındı · SMS")
    await expect(failed.locator(".timeline-message")).to_contain_text("SMS_GATEWAY_URL")
    delivery = page.locator(".deliveries-card .delivery")
    await expect(delivery.locator(".delivery-status")).to_have_text("Gönderilemedi")
    await expect(delivery.locator(".delivery-error")).to_contain_text("SMS_GATEWAY_URL")
    assert await axe_violations(page) == []


async def test_a_ticket_without_a_sendable_channel_says_so(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Telefonla yanıt"), replyChannel="PHONE")
    page = await opened(console, "zabita", ticket)
    card = page.locator(".deliveries-card")
    await expect(card).to_contain_text("Yanıt kanalı “Telefon”: mesajlar otomatik gönderilmez.")
    await expect(card.locator(".delivery")).to_have_count(0)


async def public(base: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """What the citizen's own pages send: no session, no CSRF header."""
    async with httpx.AsyncClient(base_url=base) as http:
        body = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
    assert not body.get("errors"), body
    payload: dict[str, Any] = next(iter(body["data"].values()))
    assert payload["userErrors"] == [], payload
    return payload


async def test_the_citizens_words_and_satisfaction_reach_the_ticket_live(
    console: Console, api: Callable[[str], Api], console_url: str
) -> None:
    operator = api("operator")
    codes = {e["node"]["code"]: e["node"]["id"] for e in (await operator(CATEGORIES, None))["categories"]["edges"]}
    filed = await public(console_url, SUBMIT, {"i": {
        "categoryId": codes["NOISE"], "description": unique("Her gece sabaha kadar jeneratör çalışıyor"),
    }})
    found = (await operator(FIND, {"text": filed["reference"]}))["tickets"]["edges"][0]["node"]
    page = await console.page("operator", f"/console/tickets/{found['id']}")
    await expect(page.locator(".live-connected")).to_be_visible()
    secret = {"reference": filed["reference"], "secret": filed["secret"]}

    words = "Jeneratör bu gece de çalıştı; saat 03.00'te hâlâ sesi geliyordu."
    await public(console_url, INFORMATION, {"i": {**secret, "message": words}})
    said = page.locator(".timeline-entry.type-citizen_message")
    await expect(said).to_contain_text("Vatandaştan ek bilgi")
    await expect(said.locator(".timeline-message")).to_have_text(words)
    await expect(said).to_contain_text("Vatandaş görür")

    version = (await operator(FIND, {"text": filed["reference"]}))["tickets"]["edges"][0]["node"]["version"]
    await operator(RESOLVE, {"i": {"ticketId": found["id"], "status": "RESOLVED", "expectedVersion": version}})
    await public(console_url, ANSWER, {"i": {**secret, "score": 4, "comment": "Sonunda sessizlik, teşekkürler."}})
    card = page.locator(".satisfaction-card")
    await expect(card.locator(".score")).to_have_text("5 üzerinden 4")
    await expect(card.locator(".stars")).to_have_text("★★★★☆")
    await expect(card).to_contain_text("Sonunda sessizlik, teşekkürler.")
    answered = page.locator(".timeline-entry.type-satisfaction_answered")
    await expect(answered).to_contain_text("Memnuniyet yanıtı")
    await expect(answered).to_contain_text("5 üzerinden 4")
    await expect(answered).to_contain_text("İç kayıt")
    assert await axe_violations(page) == []
