"""Signing in and out of the console, and what happens when the session ends underneath."""

import httpx
from playwright.async_api import expect

from tests.browser.conftest import Console, axe_violations, email
from tests.conftest import STAFF_PASSWORD


async def test_a_signed_out_visitor_is_sent_to_sign_in_and_then_back_where_they_were(console: Console) -> None:
    page = await console.page(None, "/console/dashboard")
    await expect(page).to_have_url(f"{console.base}/console/sign-in?next=%2Fconsole%2Fdashboard")
    assert await axe_violations(page) == []
    await page.get_by_label("E-posta adresi").fill(email("manager"))
    await page.get_by_label("Parola").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Giriş yap").click()
    await expect(page).to_have_url(f"{console.base}/console/dashboard")
    who = page.get_by_test_id("who")
    await expect(who).to_contain_text("Mine Müdür")
    await expect(who).to_contain_text("Müdür")
    await expect(who).to_contain_text("Fen İşleri Müdürlüğü")


async def test_a_wrong_password_is_explained_in_a_focused_summary(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    await page.get_by_label("E-posta adresi").fill(email("operator"))
    await page.get_by_label("Parola").fill("not the password at all")
    await page.get_by_role("button", name="Giriş yap").click()
    summary = page.locator(".error-summary")
    await expect(summary).to_contain_text("E-posta adresi ya da parola yanlış")
    await expect(summary).to_be_focused()


async def test_signing_out_ends_the_session(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    await page.get_by_label("E-posta adresi").fill(email("viewer"))
    await page.get_by_label("Parola").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Giriş yap").click()
    await expect(page.get_by_test_id("who")).to_contain_text("Veli İzleyici")
    await page.get_by_role("button", name="Çıkış yap").click()
    await expect(page).to_have_url(f"{console.base}/console/sign-in")
    await page.goto("/console/dashboard")
    await expect(page).to_have_url(f"{console.base}/console/sign-in?next=%2Fconsole%2Fdashboard")


async def test_an_expired_session_leads_to_sign_in_and_back(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    await page.get_by_label("E-posta adresi").fill(email("viewer"))
    await page.get_by_label("Parola").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Giriş yap").click()
    await expect(page.get_by_test_id("who")).to_contain_text("Veli İzleyici")
    # The session ends elsewhere (signed out on another machine): the next request finds out.
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    async with httpx.AsyncClient(base_url=console.base, cookies=cookies) as http:
        await http.post("/graphql", json={"query": "mutation { logout { ok } }"}, headers={"x-csrf-token": cookies["cozum_csrf"]})
    await page.goto("/console/dashboard?x=1")
    await expect(page).to_have_url(f"{console.base}/console/sign-in?next=%2Fconsole%2Fdashboard%3Fx%3D1")


async def test_the_language_switch_is_kept(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"
    await page.reload()
    await expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
    await page.get_by_role("button", name="Türkçe").click()
    await expect(page.get_by_role("heading", name="Personel girişi")).to_be_visible()
