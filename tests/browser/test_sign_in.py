"""Signing in and out of the console, and what happens when the session ends underneath."""

from collections.abc import Callable
from urllib.parse import quote

import httpx
from playwright.async_api import expect

from cozum.live.recheck import RECHECK_INTERVAL
from tests.browser.conftest import Api, Console, axe_violations, email, unique
from tests.browser.test_ticket import make_ticket
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


async def test_a_session_ended_elsewhere_closes_the_live_connection_and_leads_to_sign_in(
    console: Console, api: Callable[[str], Api]
) -> None:
    ticket = await make_ticket(api, unique("Oturum bitti"))
    path = f"/console/tickets/{ticket['id']}"
    page = await console.page(None, f"/console/sign-in?next={quote(path, safe='')}")
    await page.get_by_label("E-posta adresi").fill(email("operator"))
    await page.get_by_label("Parola").fill(STAFF_PASSWORD)
    await page.get_by_role("button", name="Giriş yap").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Oturum bitti")
    await expect(page.locator(".live-connected")).to_be_visible()
    cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
    async with httpx.AsyncClient(base_url=console.base, cookies=cookies) as http:
        response = await http.post(
            "/graphql", json={"query": "mutation { logout { ok } }"}, headers={"x-csrf-token": cookies["cozum_csrf"]}
        )
    assert response.json()["data"]["logout"]["ok"] is True
    # The ticket page makes no request of its own that would find out: the server's periodic
    # check of live connections (every RECHECK_INTERVAL) closes the socket, and the page goes
    # to sign-in by itself, to come back here afterwards.
    await expect(page).to_have_url(
        f"{console.base}/console/sign-in?next={quote(path, safe='')}&expired=1", timeout=(RECHECK_INTERVAL + 5) * 1000
    )
    await expect(page.get_by_role("heading", name="Personel girişi")).to_be_visible()
