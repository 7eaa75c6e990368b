"""A WhatsApp ticket in the console: the conversation as a thread (the citizen's words, photo,
place and a file that could not be kept; our replies with what WhatsApp said of them), and a
later message split off into a ticket of its own."""

import re
from typing import Any

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Console, axe_violations, screenshot, unique
from tests.browser.test_ticket import opened, url
from tests.browser.test_ticket_attachments import loaded
from tests.browser.whatsapp_helpers import Said, reply_delivered, whatsapp_ticket

FIRST = "Merhaba, Pınarbaşı Caddesi'nde büyük bir çukur var, araçlar içine düşüyor."
PHOTO = "Çukurun fotoğrafı bu."
PLACE = "Pınarbaşı Cad. No: 4, Elbistan"
NEW_PROBLEM = "Bir de parktaki sokak lambası üç gündür yanmıyor."
REPLY = "Fen İşleri ekibi yarın sabah çukuru kapatacak."
CONVERSATION = [
    Said(30, "text", FIRST),
    Said(25, "image", PHOTO, photo=True),
    Said(20, "location", latitude=38.2056, longitude=37.1983, place=PLACE),
    Said(15, "document", media_problem="Bu dosya türü kabul edilmiyor (application/pdf)."),
    Said(10, "text", NEW_PROBLEM),
]


def thread(page: Page) -> Locator:
    return page.get_by_role("list", name="Mesajlar, eskiden yeniye")


def messages(page: Page) -> Locator:
    return thread(page).get_by_role("listitem")


async def test_a_whatsapp_ticket_reads_as_its_conversation(console: Console, api: Any, console_database: str) -> None:
    ticket = await whatsapp_ticket(console, api, console_database, unique("WhatsApp çukur"), CONVERSATION)
    await reply_delivered(api, console_database, ticket, REPLY, minutes_ago=5)
    page = await opened(console, "operator", ticket)
    card = page.locator(".wa-card")
    await expect(card.get_by_role("heading", name="WhatsApp yazışması")).to_be_visible()
    items = messages(page)
    # The citizen's five messages and our two, in the order they were sent.
    await expect(items).to_have_count(7)
    senders = await items.locator(".wa-sender").all_inner_texts()
    assert senders == ["Vatandaş", "Belediye", "Vatandaş", "Vatandaş", "Vatandaş", "Vatandaş", "Belediye"]
    await expect(items.nth(0)).to_contain_text(FIRST)
    await expect(items.nth(1)).to_contain_text(f"Talebiniz alındı: {ticket['reference']}.")
    await expect(items.nth(1).locator(".wa-status")).to_have_text("Okundu")
    await expect(items.nth(1)).to_contain_text("İletim durumu")  # the badge says what it is, not by colour
    await expect(items.nth(2)).to_contain_text(PHOTO)
    await loaded(items.nth(2).locator("img"))
    await expect(items.nth(3)).to_contain_text("Paylaşılan konum")
    await expect(items.nth(3)).to_contain_text(PLACE)
    await expect(items.nth(3)).to_contain_text("38,2056")
    await expect(items.nth(4).locator(".wa-media-problem")).to_contain_text("Belge talebe eklenemedi")
    await expect(items.nth(4).locator(".wa-media-problem")).to_contain_text("application/pdf")
    await expect(items.nth(5)).to_contain_text(NEW_PROBLEM)
    await expect(items.nth(6)).to_contain_text(REPLY)
    await expect(items.nth(6).locator(".wa-status")).to_have_text("İletildi")
    for item in [items.nth(i) for i in range(7)]:
        await expect(item.locator("time")).to_have_count(1)
    # Every citizen message but the first can become a ticket of its own; ours cannot.
    await expect(thread(page).get_by_role("button", name="Yeni talebe ayır")).to_have_count(4)
    await expect(items.nth(0).get_by_role("button")).to_have_count(0)

    # The delivery list tells the same, with each report in order.
    deliveries = page.locator(".deliveries-card .delivery")
    await expect(deliveries.filter(has_text="Talep alındı").locator(".receipt-status")).to_have_text(
        ["Gönderildi", "İletildi", "Okundu"])
    await expect(deliveries.filter(has_text="Yanıt").locator(".receipt-status-badge")).to_contain_text("İletildi")

    assert await axe_violations(page) == []
    await page.set_viewport_size({"width": 1280, "height": 1400})
    await card.scroll_into_view_if_needed()
    await screenshot(page, "whatsapp-thread")

    await items.nth(2).locator(".attachment-preview").click()
    dialog = page.get_by_role("dialog", name="Fotoğraf (mesaj 3)")
    await expect(dialog.locator("img.attachment-full")).to_be_visible()
    assert await axe_violations(page) == []
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_hidden()
    await expect(items.nth(2).locator(".attachment-preview")).to_be_focused()

    await page.get_by_role("button", name="English").click()
    await expect(card.get_by_role("heading", name="WhatsApp conversation")).to_be_visible()
    english = page.get_by_role("list", name="Messages, oldest first").get_by_role("listitem")
    await expect(english.nth(6).locator(".wa-status")).to_have_text("Delivered")
    await expect(english.nth(0).locator(".wa-sender")).to_have_text("Citizen")


async def test_a_new_problem_in_the_conversation_is_split_into_its_own_ticket(
    console: Console, api: Any, console_database: str
) -> None:
    ticket = await whatsapp_ticket(console, api, console_database, unique("WhatsApp ayır"), CONVERSATION)
    page = await opened(console, "operator", ticket)
    lamp = messages(page).filter(has_text=NEW_PROBLEM)
    await lamp.get_by_role("button", name="Yeni talebe ayır").click()
    dialog = page.get_by_role("dialog", name="Bu mesaj yeni bir talebe ayrılsın mı?")
    await expect(dialog.get_by_role("button", name="Vazgeç")).to_be_focused()
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Yeni talebe ayır").click()
    await expect(dialog).to_be_hidden()

    done = page.locator(".wa-split-done")
    await expect(done).to_contain_text("Mesaj")
    link = done.get_by_role("link")
    await expect(link).to_be_focused()
    await expect(messages(page).filter(has_text=NEW_PROBLEM)).to_have_count(0)
    await expect(messages(page).filter(has_text=FIRST)).to_have_count(1)
    split = page.locator(".timeline-entry.type-message_split")
    await expect(split).to_contain_text("Mesaj ayrı talebe taşındı")
    await expect(split).to_contain_text("Yeni talep: TST-")

    await link.click()
    await expect(page).not_to_have_url(re.compile(re.escape(url(ticket)) + "$"))
    await expect(page.locator(".ticket-header")).not_to_contain_text(ticket["reference"])
    await expect(messages(page)).to_have_count(2)
    moved = messages(page).nth(0)
    await expect(moved).to_contain_text(NEW_PROBLEM)
    # The new ticket's own first reply is on its way to the citizen (the session's server sends nothing).
    await expect(messages(page).nth(1).locator(".wa-sender")).to_have_text("Belediye")
    await expect(messages(page).nth(1).locator(".wa-status")).to_have_text("Gönderilmeyi bekliyor")
    await expect(moved.locator(".wa-split-from")).to_contain_text(ticket["reference"])
    # Alone on its ticket, the message is now the first: nothing left to split off.
    await expect(moved.get_by_role("button", name="Yeni talebe ayır")).to_have_count(0)
    await expect(page.locator(".timeline-entry.type-message_split")).to_contain_text(
        f"Şu talepten ayrıldı: {ticket['reference']}")
    assert await axe_violations(page) == []
