"""The ticket detail page: reading a ticket, working it, and seeing colleagues' work live."""

import base64
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from playwright.async_api import Locator, Page, WebSocketRoute, expect

from tests.browser.conftest import TABLET, Api, Console, axe_violations, screenshot, unique
from tests.browser.slow_link import SlowLink

CREATE = """mutation($i: CreateTicketInput!) { createTicket(input: $i) {
  ticket { id reference version } userErrors { field code message } } }"""
CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
CHANGE = """mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) {
  ticket { version lastEvent { createdAt } } userErrors { code } } }"""
NOTE = "mutation($i: AddInternalNoteInput!) { addInternalNote(input: $i) { userErrors { code } } }"
REPLY = "mutation($i: ReplyToCitizenInput!) { replyToCitizen(input: $i) { userErrors { code } } }"
ASSIGN = "mutation($i: AssignTicketInput!) { assignTicket(input: $i) { ticket { version } userErrors { code } } }"
ME = "{ me { id } }"


async def make_ticket(api: Callable[[str], Api], title: str, category: str = "NOISE", **extra: Any) -> dict[str, Any]:
    """A phone ticket taken by the call centre, in `category` (NOISE goes to Zabıta)."""
    operator = api("operator")
    codes = {e["node"]["code"]: e["node"]["id"] for e in (await operator(CATEGORIES, None))["categories"]["edges"]}
    data = {
        "channel": "PHONE", "categoryId": codes[category], "title": title,
        "description": "Gece yarısından sonra yüksek sesle müzik çalınıyor; komşular uyuyamıyor.",
        "contact": {"name": "Selin Aydın", "phone": "0532 111 22 33", "email": "selin.aydin@example.org"},
        "replyChannel": "SMS", "channelReference": "153-4471",
        "location": {"address": "Atatürk Cad. No: 12", "neighbourhood": "Cumhuriyet"},
    } | extra
    payload = (await operator(CREATE, {"i": data}))["createTicket"]
    assert payload["userErrors"] == [], payload
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


def url(ticket: dict[str, Any]) -> str:
    return f"/console/tickets/{ticket['id']}"


def status_form(page: Page) -> Locator:
    return page.locator("cz-ticket-status-form")


async def change_status(page: Page, status: str, reason: str | None = None) -> None:
    form = status_form(page)
    await form.get_by_label("Yeni durum").select_option(label=status)
    if reason is not None:
        await form.locator("#status-reason").fill(reason)
    await form.get_by_role("button", name="Durumu değiştir").click()


async def opened(console: Console, who: str, ticket: dict[str, Any], **options: Any) -> Page:
    page = await console.page(who, url(ticket), **options)
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    return page


async def live_ready(page: Page) -> None:
    """The page's socket is up, so its subscriptions are with the server."""
    await expect(page.locator(".live-connected")).to_be_visible()


async def test_an_agent_changes_the_status_and_sees_it_on_the_timeline(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Gece gürültüsü"))
    page = await opened(console, "zabita", ticket)
    header = page.locator(".ticket-header")
    await expect(header).to_contain_text(ticket["reference"])
    await expect(header).to_contain_text("Zabıta Müdürlüğü")
    await expect(header).to_contain_text("Telefon (153-4471)")
    await expect(header).to_contain_text("Cumhuriyet Mahallesi")
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Alındı"))
    await change_status(page, "İşlemde")
    await expect(page.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))
    entry = page.locator(".timeline-entry").last
    await expect(entry).to_contain_text("Durum değişti")
    await expect(entry).to_contain_text("Zeki Zabıta")
    await expect(entry).to_contain_text("Yeni")
    await expect(entry).to_contain_text("İşlemde")
    # The form is ready for the next change, offering what may follow IN_PROGRESS only.
    options = await status_form(page).locator("#status-select option").all_inner_texts()
    assert "İşlemde" not in options and "Planlandı" in options


async def test_a_colleagues_change_arrives_live_and_is_announced(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Kaldırım işgali"), "OCCUPATION")
    watcher = await opened(console, "zabita2", ticket)
    await live_ready(watcher)
    draft = "Yarın sabah ekip gönderilecek."
    await watcher.get_by_label("Not", exact=True).fill(draft)
    worker = await opened(console, "zabita", ticket)
    await change_status(worker, "İşlemde")
    notice = watcher.locator(".live-update")
    await expect(notice).to_contain_text("Zeki Zabıta bu talebi az önce güncelledi (Durum değişti)")
    await expect(watcher.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))
    await expect(watcher.locator(".timeline-entry").last).to_contain_text("Zeki Zabıta")
    # What she was typing survives the refresh.
    await expect(watcher.get_by_label("Not", exact=True)).to_have_value(draft)
    # The one who made the change is not told about it.
    await expect(worker.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))
    assert await worker.locator(".live-update").count() == 0


async def test_a_stale_submit_is_explained_with_the_fresh_ticket_and_the_draft_kept(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Seyyar satıcı"), "STREET_VENDOR")
    # Zehra's live events are held back on their way to her page, as on a slow link: her
    # page still shows version 1 when she submits, so only the server can notice the conflict.
    link = SlowLink()
    context = await console.context("zabita2")
    page = await context.new_page()
    console.pages.append(page)
    await link.attach(page)
    await page.goto(url(ticket))
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Alındı"))
    await live_ready(page)

    link.holding = True
    changed = (await api("zabita")(CHANGE, {"i": {
        "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": ticket["version"],
    }}))["changeTicketStatus"]
    assert changed["userErrors"] == []
    await change_status(page, "Beklemede", "Vatandaştan ek bilgi bekleniyor.")

    summary = status_form(page).locator(".error-summary")
    when = await page.evaluate(
        "(iso) => new Intl.DateTimeFormat('tr-TR', {dateStyle: 'medium', timeStyle: 'short'}).format(new Date(iso))",
        changed["ticket"]["lastEvent"]["createdAt"],
    )
    await expect(summary).to_contain_text(f"Zeki Zabıta tarafından {when} tarihinde değiştirildi")
    await expect(summary).to_be_focused()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("İnceleniyor"))
    await expect(status_form(page).locator("#status-reason")).to_have_value("Vatandaştan ek bilgi bekleniyor.")
    await expect(status_form(page).locator("#status-select")).to_have_value("ON_HOLD")

    # Having seen the fresh ticket, she submits again: now it is her change that counts.
    await status_form(page).get_by_role("button", name="Durumu değiştir").click()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Beklemede"))
    last = page.locator(".timeline-entry").last
    await expect(last).to_contain_text("Zehra Zabıta")
    await expect(last).to_contain_text("Vatandaştan ek bilgi bekleniyor.")
    link.release()


async def test_an_agent_assigns_to_themselves_or_a_colleague_and_sees_only_agent_actions(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Kaldırım işgali"), "OCCUPATION")
    page = await opened(console, "zabita", ticket)
    actions = page.get_by_role("region", name="İşlemler")
    await expect(actions.get_by_role("heading", name="Durumu değiştir")).to_be_visible()
    # Routing, merging and reopening belong to the call centre and managers.
    await expect(actions.get_by_role("heading", name="Yönlendir")).to_have_count(0)
    await expect(actions.get_by_role("button", name="Başka bir taleple birleştir…")).to_have_count(0)
    await actions.get_by_role("button", name="Bana ata").click()
    await expect(actions).to_contain_text("Şu an Zeki Zabıta üzerinde.")
    await expect(actions.get_by_role("button", name="Bana ata")).to_have_count(0)
    await actions.get_by_label("Çalışma arkadaşına ata").select_option(label="Zehra Zabıta")
    await actions.get_by_role("button", name="Ata", exact=True).click()
    await expect(page.locator(".ticket-header")).to_contain_text("Zehra Zabıta")
    await expect(page.locator(".timeline-entry").last).to_contain_text("Atandı")
    # Fen's agent is not offered for a Zabıta ticket.
    options = await actions.locator("#assign-select option").all_inner_texts()
    assert "Fikret Fen" not in options
    await page.get_by_role("button", name="English").click()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Received"))
    await expect(page.locator(".ticket-header")).to_contain_text("Municipal Police")


async def test_an_operator_routes_and_reopens(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Gürültü"))
    page = await opened(console, "operator", ticket)
    actions = page.get_by_role("region", name="İşlemler")
    await actions.get_by_label("Birim", exact=True).select_option(label="Fen İşleri Müdürlüğü")
    await actions.get_by_label("Birime not (isteğe bağlı)").fill("Yol çalışması gürültüsü; Fen İşleri bakmalı.")
    await actions.get_by_role("button", name="Yönlendir").click()
    await expect(page.locator(".ticket-header")).to_contain_text("Fen İşleri Müdürlüğü")
    await expect(page.locator(".badge.status")).to_have_text(re.compile("İlgili birime iletildi"))
    await expect(page.locator(".timeline-entry").last).to_contain_text("Yol çalışması gürültüsü; Fen İşleri bakmalı.")
    await change_status(page, "Çözüldü", "Çalışma saatleri düzenlendi.")
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Sonuçlandı"))
    # The form that was used is gone with the open status; reading goes on at the title.
    await expect(page.get_by_role("heading", level=1)).to_be_focused()
    await actions.get_by_label("Gerekçe").fill("Vatandaş gürültünün sürdüğünü bildirdi.")
    await actions.get_by_role("button", name="Talebi yeniden aç").click()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("İlgili birime iletildi"))
    await expect(page.locator(".timeline-entry").last).to_contain_text("Yeniden açıldı")


async def test_a_long_timeline_shows_its_latest_entries_and_earlier_ones_on_demand(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Uzun geçmiş"))
    zabita = api("zabita")
    for n in range(1, 53):
        await zabita(NOTE, {"i": {"ticketId": ticket["id"], "body": f"Kontrol notu {n}"}})
    page = await opened(console, "zabita", ticket)
    entries = page.locator(".timeline-entry")
    await expect(entries).to_have_count(50)
    await expect(entries.first).to_contain_text("Kontrol notu 3")
    await page.get_by_role("button", name="Önceki kayıtları göster").click()
    await expect(entries).to_have_count(53)
    await expect(entries.first).to_contain_text("Oluşturuldu")
    await expect(page.get_by_role("button", name="Önceki kayıtları göster")).to_have_count(0)


async def test_rejecting_needs_a_reason(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Gürültü şikâyeti"))
    page = await opened(console, "zabita", ticket)
    await change_status(page, "Reddedildi")
    form = status_form(page)
    await expect(form.locator(".error-summary")).to_contain_text("Gerekçe (vatandaşa gösterilir): Bu alan zorunlu.")
    await expect(form.locator("#status-reason")).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Alındı"))
    await form.locator("#status-reason").fill("Denetimde gürültü tespit edilmedi.")
    await form.get_by_role("button", name="Durumu değiştir").click()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("İşlem yapılamadı"))
    await expect(page.locator(".ticket-header")).to_contain_text("Denetimde gürültü tespit edilmedi.")
    # A closed ticket offers no status change any more.
    await expect(status_form(page)).to_have_count(0)


async def test_revealing_the_contact_asks_why_and_is_audited(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Moloz dökümü"), "CONSTRUCTION_DEBRIS")
    page = await opened(console, "zabita", ticket)
    card = page.locator("cz-contact-card")
    await expect(card).to_contain_text("Selin Aydın")
    await expect(card).not_to_contain_text("0532 111 22 33")
    await expect(card).not_to_contain_text("selin.aydin@example.org")
    await expect(card).to_contain_text("SMS")
    await card.get_by_role("button", name="Tam bilgileri göster…").click()
    dialog = page.get_by_role("dialog", name="İletişim bilgilerini göster")
    await expect(dialog).to_be_visible()
    await expect(dialog.get_by_label("Gerekçe")).to_be_focused()
    await dialog.get_by_role("button", name="Göster ve kaydet").click()
    await expect(dialog.locator(".error-summary")).to_be_visible()
    reason = unique("Adres tarifi için vatandaşı arayacağım")
    await dialog.get_by_label("Gerekçe").fill(reason)
    await dialog.get_by_role("button", name="Göster ve kaydet").click()
    await expect(dialog).to_be_hidden()
    await expect(card.get_by_role("link", name="+90 532 111 22 33")).to_have_attribute("href", "tel:+905321112233")
    await expect(card).to_contain_text("selin.aydin@example.org")
    await expect(card).to_contain_text("denetim kaydına yazıldı")
    await expect(page.locator(".timeline-entry").last).to_contain_text("İletişim bilgisi görüntülendi")

    audit = await api("admin")(
        "{ auditLog(action: CONTACT_REVEALED, first: 20) { edges { node { actorLabel targetType targetId reason } } } }",
        None,
    )
    pk = int(base64.urlsafe_b64decode(ticket["id"] + "==").decode().split(":")[1])
    entries = [e["node"] for e in audit["auditLog"]["edges"] if e["node"]["reason"] == reason]
    assert entries == [{"actorLabel": "Zeki Zabıta", "targetType": "Ticket", "targetId": pk, "reason": reason}]


async def test_an_internal_note_appears_live_in_a_colleagues_timeline(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Kaldırıma park"), "OCCUPATION")
    colleague = await opened(console, "zabita2", ticket)
    await live_ready(colleague)
    page = await opened(console, "zabita", ticket)
    note = unique("Ekip 14:00'te bölgeye gidecek")
    await page.get_by_label("Not", exact=True).fill(note)
    await page.get_by_role("button", name="Notu ekle").click()
    await expect(page.get_by_label("Not", exact=True)).to_have_value("")
    entry = colleague.locator(".timeline-entry", has_text=note)
    await expect(entry).to_contain_text("İç not")
    await expect(entry.locator(".badge.internal")).to_have_text("İç kayıt")
    await expect(entry).to_contain_text("Zeki Zabıta")


async def test_a_canned_reply_is_chosen_edited_and_sent(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Seyyar satıcı"), "STREET_VENDOR")
    page = await opened(console, "zabita", ticket)
    await page.get_by_label("Hazır metin").select_option(label="Çalışma planlandı")
    await page.get_by_role("button", name="Metni ekle").click()
    body = page.get_by_label("Yanıt", exact=True)
    await expect(body).to_be_focused()
    text = await body.input_value()
    assert text.startswith(f"Sayın Selin Aydın, {ticket['reference']} numaralı başvurunuzla")
    await body.press("End")
    await body.type(" Ekibimiz yarın sabah bölgede olacak.")
    await page.get_by_role("button", name="Yanıtı gönder").click()
    entry = page.locator(".timeline-entry.type-public_reply")
    await expect(entry).to_contain_text("Ekibimiz yarın sabah bölgede olacak.")
    await expect(entry).to_contain_text(f"{ticket['reference']} numaralı başvurunuzla")
    await expect(entry.locator(".badge.public")).to_have_text("Vatandaş görür")
    await expect(body).to_have_value("")


async def test_merging_into_a_ticket_found_by_search(console: Console, api: Callable[[str], Api]) -> None:
    word = unique("Kırıkkaldırım").split()[1]
    source = await make_ticket(api, f"Kaldırım taşları kırık {word}", "SIDEWALK")
    target = await make_ticket(api, f"Kırık kaldırım taşları {word}", "SIDEWALK")
    page = await opened(console, "operator", source)
    await page.get_by_role("button", name="Başka bir taleple birleştir…").click()
    dialog = page.get_by_role("dialog", name=f"{source['reference']} talebini birleştir")
    await dialog.get_by_label("Talep ara").fill(word)
    await dialog.get_by_label("Talep ara").press("Enter")
    results = dialog.get_by_role("group", name="Eşleşen talepler")
    await expect(results.get_by_role("radio")).to_have_count(1)
    await expect(results).not_to_contain_text(source["reference"])
    await results.get_by_role("radio", name=re.compile(target["reference"])).check()
    await dialog.get_by_role("button", name="Birleştir").click()
    await expect(dialog).to_be_hidden()
    await expect(page.locator(".badge.status")).to_have_text(re.compile("Mükerrer"))
    link = page.locator(".ticket-header").get_by_role("link", name=target["reference"])
    await link.click()
    await expect(page).to_have_url(re.compile(re.escape(url(target)) + "$"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Kırık kaldırım taşları {word}")


async def test_staff_on_the_same_ticket_see_each_other_and_who_left(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Gürültü"))
    zeki = await opened(console, "zabita", ticket)
    await expect(zeki.get_by_test_id("viewers")).to_have_text("Şu an yalnızca siz bakıyorsunuz")
    zehra = await opened(console, "zabita2", ticket)
    await expect(zeki.get_by_test_id("viewers")).to_contain_text("Şu an bakanlar:")
    await expect(zeki.get_by_test_id("viewers").get_by_role("listitem")).to_have_text(["Zehra Zabıta"])
    await expect(zehra.get_by_test_id("viewers").get_by_role("listitem")).to_have_text(["Zeki Zabıta"])
    await zehra.close()
    await expect(zeki.get_by_test_id("viewers")).to_have_text("Şu an yalnızca siz bakıyorsunuz")


async def test_the_citizens_other_requests_are_listed_and_linked(console: Console, api: Callable[[str], Api]) -> None:
    digits = f"{uuid.uuid4().int % 10**7:07d}"
    contact = {"name": "Kemal Yıldız", "phone": f"0533 {digits}", "email": f"kemal.{digits}@example.org"}
    earlier = await make_ticket(api, unique("Konteyner dolu"), "NOISE", contact=contact)
    later = await make_ticket(api, unique("Gece gürültüsü"), "NOISE", contact=contact)
    elsewhere = await make_ticket(api, unique("Kaldırım çökmüş"), "SIDEWALK", contact=contact)
    page = await opened(console, "zabita", later)
    others = page.get_by_role("region", name="Vatandaşın diğer talepleri")
    await expect(others.get_by_role("link")).to_have_count(1)
    # Fen's ticket of the same citizen is not Zabıta's to see.
    await expect(others).not_to_contain_text(elsewhere["reference"])
    await others.get_by_role("link", name=re.compile(earlier["reference"])).click()
    await expect(page).to_have_url(re.compile(re.escape(url(earlier)) + "$"))
    await expect(page.locator(".ticket-header")).to_contain_text(earlier["reference"])
    await expect(page.get_by_role("region", name="Vatandaşın diğer talepleri")).to_contain_text(later["reference"])


async def test_a_title_that_looks_like_html_is_shown_as_text(console: Console, api: Callable[[str], Api]) -> None:
    title = unique("<img src=x onerror=alert(1)>")
    ticket = await make_ticket(api, title)
    dialogs: list[str] = []
    context = await console.context("zabita")
    page = await context.new_page()
    console.pages.append(page)
    page.on("dialog", lambda d: dialogs.append(d.message))
    await page.goto(url(ticket))
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    assert await page.locator("main img").count() == 0
    await page.wait_for_timeout(300)
    assert dialogs == []


async def test_an_agent_of_another_department_sees_not_found(console: Console, api: Callable[[str], Api]) -> None:
    title = unique("Zabıtaya ait gizli talep")
    ticket = await make_ticket(api, title)
    page = await console.page("fen", url(ticket))
    await expect(page.get_by_role("heading", level=1)).to_have_text("Talep bulunamadı")
    await expect(page.locator("main")).not_to_contain_text(title)
    await expect(page.locator("main")).not_to_contain_text(ticket["reference"])
    # An address that names no ticket at all reads the same.
    await page.goto("/console/tickets/not-a-ticket")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Talep bulunamadı")


async def test_the_page_and_its_dialogs_pass_axe_at_both_sizes(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Gürültü"))
    for viewport in ({"width": 1280, "height": 800}, TABLET):
        page = await opened(console, "operator", ticket, viewport=viewport, bypass_csp=True)
        assert await axe_violations(page) == []
        # Nothing is cut off: the page never scrolls sideways.
        assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        await page.get_by_role("button", name="Tam bilgileri göster…").click()
        await expect(page.get_by_role("dialog")).to_be_visible()
        assert await axe_violations(page) == []
        await page.keyboard.press("Escape")
        await expect(page.get_by_role("dialog")).to_be_hidden()
        await expect(page.get_by_role("button", name="Tam bilgileri göster…")).to_be_focused()
        await page.get_by_role("button", name="Başka bir taleple birleştir…").click()
        dialog = page.get_by_role("dialog")
        await dialog.get_by_label("Talep ara").fill("Gürültü")
        await dialog.get_by_label("Talep ara").press("Enter")
        await expect(dialog.get_by_role("status")).to_contain_text("talep bulundu")
        assert await axe_violations(page) == []
        await dialog.get_by_role("button", name="Vazgeç").click()
        await change_status(page, "Reddedildi")
        await expect(status_form(page).locator(".error-summary")).to_be_visible()
        assert await axe_violations(page) == []


async def test_screenshot_of_a_worked_ticket(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(
        api, "Gece yarısı yüksek sesli müzik — Atatürk Caddesi", "NOISE",
        description=(
            "Atatürk Caddesi 12 numaradaki kafeden her gece saat 01:00'e kadar yüksek sesle müzik geliyor. "
            "Apartmanda küçük çocuklar ve yaşlılar var; iki haftadır düzgün uyuyamıyoruz. "
            "Daha önce işletmeyle konuştuk ama bir şey değişmedi."
        ),
    )
    zabita, tid = api("zabita"), ticket["id"]
    me = (await zabita(ME, None))["me"]["id"]
    assigned = await zabita(ASSIGN, {"i": {"ticketId": tid, "assigneeId": me, "expectedVersion": ticket["version"]}})
    version = assigned["assignTicket"]["ticket"]["version"]
    note = "İşletme daha önce iki kez uyarılmış; ruhsat durumu Ruhsat ve Denetim'e soruldu."
    await zabita(NOTE, {"i": {"ticketId": tid, "body": note}})
    await zabita(CHANGE, {"i": {"ticketId": tid, "status": "IN_PROGRESS", "expectedVersion": version}})
    reply = (
        f"Sayın Selin Aydın, {ticket['reference']} numaralı başvurunuz ekiplerimize iletildi. "
        "Bu gece saat 23:00'ten sonra bölgede denetim yapılacaktır."
    )
    await zabita(REPLY, {"i": {"ticketId": tid, "body": reply}})
    colleague_note = "Gece ekibi 23:30'da denetime çıkacak, ses ölçüm cihazı alındı."
    await api("zabita2")(NOTE, {"i": {"ticketId": tid, "body": colleague_note}})
    page = await opened(console, "zabita", ticket)
    await expect(page.locator(".timeline-entry")).to_have_count(6)
    await page.mouse.move(0, 0)
    await screenshot(page, "ticket")
    tablet = await opened(console, "zabita", ticket, viewport=TABLET)
    await expect(tablet.locator(".timeline-entry")).to_have_count(6)
    assert await tablet.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


async def add_notes(as_: Api, ticket_id: str, count: int, prefix: str) -> None:
    """`count` internal notes, numbered from 1, in as few requests as the mutation limit allows."""
    for start in range(0, count, 30):  # at most 30 aliases in a document
        numbers = range(start + 1, min(count, start + 30) + 1)
        fields = " ".join(
            f'n{n}: addInternalNote(input: {{ticketId: "{ticket_id}", body: "{prefix} {n}"}}) {{ userErrors {{ code }} }}'
            for n in numbers
        )
        done = await as_(f"mutation {{ {fields} }}", None)
        assert all(payload["userErrors"] == [] for payload in done.values()), done


async def event_numbers(page: Page) -> list[int]:
    """The timeline's entries as event numbers, in the order shown."""
    ids: list[str] = await page.locator(".timeline-entry").evaluate_all("(nodes) => nodes.map((n) => n.dataset.eventId)")
    return [int(base64.urlsafe_b64decode(i + "=" * (-len(i) % 4)).decode().split(":")[1]) for i in ids]


async def test_earlier_entries_and_a_live_one_are_all_kept(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Uzun geçmiş canlı"))
    await add_notes(api("zabita"), ticket["id"], 59, "Kontrol notu")  # with "Oluşturuldu": 60 entries
    page = await opened(console, "zabita", ticket)
    await live_ready(page)
    entries = page.locator(".timeline-entry")
    await expect(entries).to_have_count(50)
    await page.get_by_role("button", name="Önceki kayıtları göster").click()
    await expect(entries).to_have_count(60)
    # A colleague's note arrives while all 60 are shown: the page refreshes and keeps every one.
    await api("zabita2")(NOTE, {"i": {"ticketId": ticket["id"], "body": "Ekip yolda."}})
    await expect(entries.last).to_contain_text("Ekip yolda.")
    await expect(entries).to_have_count(61)
    await expect(entries.first).to_contain_text("Oluşturuldu")
    await expect(entries.nth(10)).to_contain_text("Kontrol notu 10")
    numbers = await event_numbers(page)
    assert len(set(numbers)) == 61 and numbers == sorted(numbers)
    await expect(page.get_by_role("button", name="Önceki kayıtları göster")).to_have_count(0)


async def test_more_than_a_page_of_entries_arriving_at_once_leaves_no_gap(console: Console, api: Callable[[str], Api]) -> None:
    ticket = await make_ticket(api, unique("Toplu notlar"))
    zabita = api("zabita")
    await add_notes(zabita, ticket["id"], 59, "Eski not")
    # The page's live events are held back, as on a slow link, while 55 notes are added:
    # then the latest page of 50 does not reach back to the entries the page shows.
    link = SlowLink()
    context = await console.context("zabita2")
    page = await context.new_page()
    console.pages.append(page)
    await link.attach(page)
    await page.goto(url(ticket))
    entries = page.locator(".timeline-entry")
    await expect(entries).to_have_count(50)
    await live_ready(page)
    link.holding = True
    await add_notes(zabita, ticket["id"], 55, "Yeni not")
    link.release()
    await expect(entries.last).to_contain_text("Yeni not 55")
    # Entries 11..60 were shown; 61..115 arrived: all 105, with none missing in between.
    await expect(entries).to_have_count(105)
    await expect(entries.first).to_contain_text("Eski not 10")
    await expect(page.locator(".timeline-message").get_by_text("Yeni not 1", exact=True)).to_have_count(1)
    numbers = await event_numbers(page)
    assert len(set(numbers)) == 105 and numbers == sorted(numbers)
    # The older ten are still there to load.
    await page.get_by_role("button", name="Önceki kayıtları göster").click()
    await expect(entries).to_have_count(115)
    await expect(entries.first).to_contain_text("Oluşturuldu")


async def test_a_malformed_ticket_address_shows_not_found(console: Console) -> None:
    page = await console.page("zabita", "/console/tickets/%E0%A4%A")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sayfa bulunamadı")
    await expect(page.get_by_role("link", name="Ana sayfaya dön")).to_be_visible()


async def test_a_ticket_routed_away_while_open_says_it_is_no_longer_available(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Yanlış birim"))
    page = await opened(console, "zabita", ticket)
    await expect(page.get_by_test_id("viewers")).to_be_visible()
    departments = (await api("operator")("{ departments { edges { node { id code } } } }", None))["departments"]["edges"]
    fen = next(d["node"]["id"] for d in departments if d["node"]["code"] == "FEN")
    route = "mutation($i: RouteTicketInput!) { routeTicket(input: $i) { userErrors { code } } }"
    routed = await api("operator")(route, {"i": {"ticketId": ticket["id"], "departmentId": fen}})
    assert routed["routeTicket"]["userErrors"] == []
    notice = page.get_by_role("alert").filter(has_text="Bu talebi artık göremiyorsunuz")
    await expect(notice).to_contain_text("Canlı güncellemeler durdu")
    assert await axe_violations(page) == []
    await notice.get_by_role("button", name="Talebi yeniden yükle").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Talep bulunamadı")


async def test_live_updates_ended_by_the_server_are_announced_and_can_be_resumed(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Canlı kesinti"))
    refused = {"first": True}

    def proxy(ws: WebSocketRoute) -> None:
        server = ws.connect_to_server()
        server.on_message(lambda m: ws.send(m))

        def from_page(message: str | bytes) -> None:
            frame = json.loads(message)
            query = frame.get("payload", {}).get("query", "") if frame.get("type") == "subscribe" else ""
            if "TicketPageEvents" in query and refused["first"]:
                # The server ends the ticket's subscription, as it does when live updates are not running.
                refused["first"] = False
                ws.send(json.dumps({"id": frame["id"], "type": "error", "payload": [
                    {"message": "Live updates are not running.", "extensions": {"code": "UNAVAILABLE"}},
                ]}))
                return
            server.send(message)

        ws.on_message(from_page)

    context = await console.context("zabita2")
    page = await context.new_page()
    console.pages.append(page)
    await page.route_web_socket(re.compile(r".*/graphql$"), proxy)
    await page.goto(url(ticket))
    notice = page.get_by_role("alert").filter(has_text="Bu talebin canlı güncellemeleri durdu")
    await expect(notice).to_be_visible()
    await notice.get_by_role("button", name="Talebi yeniden yükle").click()
    await expect(notice).to_have_count(0)
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await live_ready(page)
    # Following again: a colleague's note arrives.
    await api("zabita")(NOTE, {"i": {"ticketId": ticket["id"], "body": "Yeniden canlı."}})
    await expect(page.locator(".timeline-entry").last).to_contain_text("Yeniden canlı.")
