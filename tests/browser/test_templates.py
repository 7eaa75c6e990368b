"""Administration → message templates: an administrator rewords a message, sees a refused
placeholder explained on its field, and goes back to the built-in wording; others never see it.

The templates are shared by the whole session's server: each test words its own (kind,
language) pair and puts it back as it found it."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Api, Console, axe_violations, screenshot, unique

TEMPLATES = "{ messageTemplates { kind language subject body custom } }"
UPDATE = """mutation($i: UpdateMessageTemplateInput!) {
  updateMessageTemplate(input: $i) { template { custom } userErrors { code } } }"""
RESET = """mutation($i: ResetMessageTemplateInput!) {
  resetMessageTemplate(input: $i) { template { custom } userErrors { code } } }"""
PATH = "/console/admin/templates"


async def built_in(api: Api, kind: str, language: str) -> dict[str, Any]:
    templates = (await api(TEMPLATES, None))["messageTemplates"]
    found: dict[str, Any] = next(t for t in templates if t["kind"] == kind and t["language"] == language)
    return found


@pytest.fixture
async def admin_api(api: Callable[[str], Api]) -> AsyncIterator[Api]:
    """The administrator's API; every pair a test touched is reset afterwards."""
    admin = api("admin")
    yield admin
    for kind in ("REOPENED", "ROUTED", "RESOLVED"):
        for language in ("TR", "EN"):
            await admin(RESET, {"i": {"kind": kind, "language": language}})


def row(page: Page, kind: str, language: str) -> Locator:
    return page.locator(f'tr[data-template="{kind}-{language}"]')


async def open_editor(page: Page, kind: str, language: str, name: str) -> Locator:
    await row(page, kind, language).get_by_role("button", name="Düzenle").click()
    dialog = page.get_by_role("dialog", name=f"Şablonu düzenle: {name}")
    await expect(dialog).to_be_visible()
    return dialog


async def test_an_admin_rewords_a_message_and_finds_it_saved_after_a_reload(console: Console, admin_api: Api) -> None:
    original = await built_in(admin_api, "REOPENED", "EN")
    assert original["custom"] is False
    page = await console.page("admin", PATH)
    await expect(page.get_by_role("heading", level=2, name="Mesaj şablonları")).to_be_visible()
    await expect(page.get_by_role("link", name="Mesaj şablonları")).to_have_attribute("aria-current", "page")
    # Every kind in both languages, built-in until someone writes their own.
    await expect(page.locator("tr[data-template]")).to_have_count(16)
    await expect(row(page, "REOPENED", "EN")).to_contain_text("Yerleşik metin")
    await expect(row(page, "REOPENED", "EN")).to_contain_text(original["subject"])
    assert await axe_violations(page) == []

    dialog = await open_editor(page, "REOPENED", "EN", "Yeniden açıldı (İngilizce)")
    await expect(dialog.get_by_label("Konu")).to_have_value(original["subject"])
    # The names this kind may use are listed beside the text, the required ones marked.
    hint = dialog.locator(".placeholders")
    for name in ("{reference}", "{link}", "{status}", "{department}"):
        await expect(hint).to_contain_text(name)
    await expect(hint.locator("li", has_text="{link}")).to_contain_text("zorunlu")
    await expect(hint).not_to_contain_text("{institution}")
    assert await axe_violations(page) == []
    await page.evaluate("window.scrollTo(0, 0)")  # the page's head behind the dialog
    await screenshot(page, "templates")

    subject = unique("Your request is open again")
    body = "We are looking at {reference} again ({status}). Follow it here: {link}"
    await dialog.get_by_label("Konu").fill(subject)
    await dialog.get_by_label("Metin").fill(body)
    await dialog.get_by_role("button", name="Kaydet").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_role("status").filter(has_text="Yeniden açıldı (İngilizce) şablonu kaydedildi.")).to_be_visible()
    await expect(row(page, "REOPENED", "EN")).to_contain_text(subject)
    await expect(row(page, "REOPENED", "EN")).to_contain_text("Değiştirildi")

    await page.reload()
    await expect(row(page, "REOPENED", "EN")).to_contain_text(subject)
    dialog = await open_editor(page, "REOPENED", "EN", "Yeniden açıldı (İngilizce)")
    await expect(dialog.get_by_label("Metin")).to_have_value(body)
    # The other language's wording is its own, untouched.
    assert (await built_in(admin_api, "REOPENED", "TR"))["custom"] is False


async def test_an_unknown_placeholder_and_a_missing_link_are_shown_on_the_text(console: Console, admin_api: Api) -> None:
    page = await console.page("admin", PATH)
    dialog = await open_editor(page, "ROUTED", "TR", "Birime iletildi (Türkçe)")
    text = dialog.get_by_label("Metin")
    await text.fill("{reference} numaralı başvurunuz {birim} birimine iletildi. Takip: {link}")
    await dialog.get_by_role("button", name="Kaydet").click()
    summary = dialog.locator(".error-summary")
    await expect(summary).to_be_focused()
    error = dialog.locator("#template-form-body-error")
    await expect(error).to_contain_text("Bu mesajda kullanılamayan yer tutucu: {birim}.")
    await expect(error).to_contain_text("{department}")
    await expect(text).to_have_attribute("aria-invalid", "true")
    await expect(text).to_have_attribute("aria-describedby", "template-form-body-hint template-form-body-error")
    assert await axe_violations(page) == []
    # The summary's link leads to the field; the text typed stays to be corrected.
    await summary.get_by_role("link").click()
    await expect(text).to_be_focused()
    await expect(text).to_have_value("{reference} numaralı başvurunuz {birim} birimine iletildi. Takip: {link}")

    await text.fill("{reference} numaralı başvurunuz iletildi.")
    await dialog.get_by_role("button", name="Kaydet").click()
    await expect(error).to_have_text("Metinde şunlar bulunmalı: {link}.")
    await dialog.get_by_role("button", name="Vazgeç").click()
    await expect(dialog).to_be_hidden()
    await expect(row(page, "ROUTED", "TR")).to_contain_text("Yerleşik metin")
    assert (await built_in(admin_api, "ROUTED", "TR"))["custom"] is False


async def test_a_reset_brings_back_the_built_in_wording(console: Console, admin_api: Api) -> None:
    original = await built_in(admin_api, "RESOLVED", "TR")
    mine = unique("Talebiniz çözüldü")
    changed = (await admin_api(UPDATE, {"i": {
        "kind": "RESOLVED", "language": "TR", "subject": mine, "body": "{reference} çözüldü: {message} {link}",
    }}))["updateMessageTemplate"]
    assert changed["userErrors"] == [] and changed["template"]["custom"] is True

    page = await console.page("admin", PATH)
    resolved = row(page, "RESOLVED", "TR")
    await expect(resolved).to_contain_text(mine)
    await expect(resolved).to_contain_text("Değiştirildi")
    # Built-in rows have nothing to reset.
    await expect(row(page, "RESOLVED", "EN").get_by_role("button", name="Yerleşik metne dön")).to_have_count(0)
    await resolved.get_by_role("button", name="Yerleşik metne dön").click()
    dialog = page.get_by_role("dialog", name="Yerleşik metne dön: Çözüldü (Türkçe)")
    await expect(dialog.get_by_role("button", name="Vazgeç")).to_be_focused()
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Yerleşik metne dön").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_role("status").filter(has_text="Çözüldü (Türkçe) şablonu yerleşik metne döndü.")).to_be_visible()
    await expect(resolved).to_contain_text("Yerleşik metin")
    await expect(resolved).to_contain_text(original["subject"])
    assert await built_in(admin_api, "RESOLVED", "TR") == original


@pytest.mark.parametrize("who", ["operator", "manager"])
async def test_staff_other_than_administrators_do_not_see_the_page(console: Console, who: str) -> None:
    page = await console.page(who, PATH)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Bu sayfayı göremezsiniz")
    await expect(page.locator("cz-templates-admin")).to_have_count(0)
    await expect(page.get_by_role("link", name="Mesaj şablonları")).to_have_count(0)
