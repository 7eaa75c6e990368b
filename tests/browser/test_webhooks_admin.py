"""Outgoing webhooks in the console: an administrator registers a receiver (its secret shown once),
sees the deliveries a ticket change made, sends a failed one again, rotates the secret, changes
what the endpoint is told of and pauses it."""

import hashlib
import hmac
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.async_api import Locator, Page, expect

from cozum.config import Settings
from cozum.webhooks.dispatcher import Dispatcher
from tests.browser.conftest import Console, axe_violations, screenshot, unique
from tests.browser.test_ticket import CHANGE, make_ticket
from tests.fixtures.live import free_port
from tests.notifications.receivers import _Waitable


class Receiver(_Waitable):
    """An integrator's endpoint: answers `status`, keeps every request's headers and raw body."""

    def __init__(self) -> None:
        super().__init__()
        self.status = 503
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                with receiver.lock:
                    receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, raw))
                    status = receiver.status
                    receiver.lock.notify_all()
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cozum-hook"

    def signed_with(self, index: int, secret: str) -> bool:
        headers, raw = self.requests[index]
        expected = hmac.new(secret.encode(), f"{headers['cozum-timestamp']}.".encode() + raw, hashlib.sha256).hexdigest()
        offered = [part.strip().removeprefix("v1=") for part in headers["cozum-signature"].split(",")]
        return any(hmac.compare_digest(expected, sig) for sig in offered)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    yield found
    found.server.shutdown()
    found.server.server_close()


@asynccontextmanager
async def dispatching(database_url: str) -> AsyncIterator[Dispatcher]:
    """The webhook queue's worker, as `cozum worker` runs it (the session's server runs none);
    retries far off, so only "send again" sends a failed delivery a second time."""
    settings = Settings(COZUM_ENV="test", COZUM_TICKET_PREFIX="TST").model_copy(update={
        "webhook_retry_base_seconds": 3600.0, "webhook_retry_max_seconds": 3600.0,
    })
    dispatcher = Dispatcher.for_database(database_url, settings, poll_seconds=0.5)
    await dispatcher.start()
    try:
        yield dispatcher
    finally:
        await dispatcher.stop()


def endpoint_row(page: Page, name: str) -> Locator:
    return page.get_by_role("table", name="Webhook'lar").get_by_role("row").filter(has_text=name)


async def secret_shown_once(page: Page, title: str) -> str:
    dialog = page.get_by_role("dialog", name=title)
    field = dialog.get_by_label("Gizli anahtar")
    await expect(field).to_be_focused()
    secret = await field.input_value()
    assert len(secret) >= 32
    await expect(dialog).to_contain_text("Bu anahtarı bir daha göremeyeceksiniz")
    await expect(dialog.get_by_role("button", name="Kopyala")).to_be_visible()
    return secret


async def test_an_admin_registers_an_endpoint_and_works_its_delivery_log(
    console: Console, api: Any, console_database: str, receiver: Receiver
) -> None:
    name = unique("EBYS")
    page = await console.page("admin", "/console/admin/webhooks")
    await page.get_by_role("button", name="Yeni uç nokta").click()
    dialog = page.get_by_role("dialog", name="Yeni uç nokta")
    await dialog.get_by_role("button", name="Uç noktayı oluştur").click()
    await expect(dialog.locator(".error-summary")).to_contain_text("En az bir olay seçin.")
    await dialog.get_by_label("Ad", exact=True).fill(name)
    await dialog.get_by_label("Adres (URL)").fill(receiver.url)
    await dialog.get_by_label("Durum değişti").check()
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Uç noktayı oluştur").click()
    secret = await secret_shown_once(page, f"{name}: gizli anahtar")
    await page.get_by_role("dialog").get_by_role("button", name="Kapat").click()
    await expect(page.get_by_role("dialog")).to_have_count(0)
    row = endpoint_row(page, name)
    for text in (receiver.url, "Durum değişti", "Yalnızca herkese açık bilgiler", "Etkin", "Henüz yok"):
        await expect(row).to_contain_text(text)
    # Gone for good: nothing on the page holds the secret any more.
    assert secret not in await page.content()

    ticket = await make_ticket(api, unique("Webhook gürültü"))
    changed = (await api("zabita")(CHANGE, {"i": {
        "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": ticket["version"],
    }}))["changeTicketStatus"]
    assert changed["userErrors"] == []
    async with dispatching(console_database):
        await receiver.until(lambda: len(receiver.requests) >= 1)
        assert receiver.signed_with(0, secret)
        await row.get_by_role("button", name="Teslimat kaydı").click()
        log = page.get_by_role("table", name=f"{name}: teslimat kaydı")
        await expect(page.get_by_role("heading", name=f"{name}: teslimat kaydı")).to_be_focused()
        delivery = log.get_by_role("row").filter(has_text=ticket["reference"])
        await expect(delivery).to_contain_text("Durum değişti")
        await expect(delivery).to_contain_text("ticket.status_changed")
        await expect(delivery.locator(".delivery-status")).to_have_text("Bekliyor")
        await expect(delivery.locator("td.num").nth(0)).to_have_text("1")
        await expect(delivery.locator("td.num").nth(1)).to_have_text("503")

        receiver.status = 200
        await delivery.get_by_role("button", name="Yeniden gönder").click()
        await expect(delivery.locator(".delivery-status")).to_have_text("Teslim edildi")
        await expect(delivery.locator("td.num").nth(0)).to_have_text("2")
        await expect(delivery.locator("td.num").nth(1)).to_have_text("200")
    # The same delivery twice: one delivery id, one body, both signed.
    assert len(receiver.requests) == 2
    (first, body), (again, body_again) = receiver.requests
    assert first["cozum-delivery"] == again["cozum-delivery"] and body == body_again
    assert receiver.signed_with(1, secret)
    await expect(row.locator(".delivery-status")).to_have_text("Teslim edildi")
    assert await axe_violations(page) == []
    await screenshot(page, "webhooks")

    await row.get_by_role("button", name="Gizli anahtarı yenile").click()
    rotate = page.get_by_role("dialog", name=f"{name} için gizli anahtar yenilensin mi?")
    await rotate.get_by_role("button", name="Gizli anahtarı yenile").click()
    rotated = await secret_shown_once(page, f"{name}: gizli anahtar")
    assert rotated != secret
    await expect(page.get_by_role("dialog")).to_contain_text("Eski gizli anahtar")
    await page.get_by_role("dialog").get_by_role("button", name="Kapat").click()
    await expect(row).to_contain_text("Eski anahtar")

    # Again, because it leaked: the old secret stops at once, so no grace period is shown.
    await row.get_by_role("button", name="Gizli anahtarı yenile").click()
    rotate = page.get_by_role("dialog", name=f"{name} için gizli anahtar yenilensin mi?")
    await rotate.get_by_label("Eski anahtar sızdı: geçiş süresi tanımadan hemen geçersiz olsun").check()
    await rotate.get_by_role("button", name="Gizli anahtarı yenile").click()
    leaked_fix = await secret_shown_once(page, f"{name}: gizli anahtar")
    assert leaked_fix not in (secret, rotated)
    await expect(page.get_by_role("dialog")).not_to_contain_text("Eski gizli anahtar")
    await page.get_by_role("dialog").get_by_role("button", name="Kapat").click()
    await expect(row).not_to_contain_text("Eski anahtar")

    await row.get_by_role("button", name="Düzenle").click()
    edit = page.get_by_role("dialog", name=f"{name}: düzenle")
    await expect(edit.get_by_label("Adres (URL)")).to_have_value(receiver.url)
    await expect(edit.get_by_label("Durum değişti")).to_be_checked()
    await edit.get_by_label("Vatandaşa yanıt").check()
    await edit.get_by_label("İç notlar dahil").check()
    await edit.get_by_role("button", name="Kaydet").click()
    await expect(edit).to_be_hidden()
    await expect(row).to_contain_text("Vatandaşa yanıt")
    await expect(row).to_contain_text("İç notlar dahil")

    # Paused, so the session's other tests' changes reach it no more.
    await row.get_by_role("button", name="Pasifleştir").click()
    pause = page.get_by_role("dialog", name=f"{name} pasifleştirilsin mi?")
    await pause.get_by_role("button", name="Pasifleştir").click()
    await expect(pause).to_be_hidden()
    await expect(row.locator(".badge").first).to_have_text("Pasif")
