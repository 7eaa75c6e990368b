"""The dashboard: live counters that move without a reload, and the departments ranked by what
they resolved, the same numbers as departmentStats."""

import math
import re
import uuid
from typing import Any

import httpx
from playwright.async_api import Page, expect

from tests.browser.conftest import TABLET, Api, Console, axe_violations, screenshot, unique

CATEGORIES = "{ categories(first: 100) { edges { node { id code } } } }"
CREATE = """mutation($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id version } userErrors { code message } }
}"""
RESOLVE = """mutation($input: ChangeTicketStatusInput!) { changeTicketStatus(input: $input) { userErrors { code message } } }"""
STATS = """{ departmentStats { department { code nameTr } received resolved pending overdue resolvedShare } }"""
COUNTERS = ("Gelen", "Çözülen", "Bekleyen", "Süresi geçen")

# (category, tickets, of which resolved): a working week in a few directorates.
WEEK = [("ROAD_POTHOLE", 5, 3), ("NOISE", 4, 2), ("GARBAGE", 4, 3), ("TREE", 2, 0), ("STRAY_ANIMAL", 2, 1), ("WATER_FAULT", 1, 1)]


async def categories(api: Api) -> dict[str, str]:
    edges = (await api(CATEGORIES, None))["categories"]["edges"]
    return {e["node"]["code"]: e["node"]["id"] for e in edges}


async def a_working_week(api: Api) -> None:
    """Tickets in several departments, some of them resolved, so the ranking has something to rank."""
    ids = await categories(api)
    for code, count, resolved in WEEK:
        for n in range(count):
            payload = (await api(CREATE, {"input": {
                "channel": "PHONE", "categoryId": ids[code], "title": unique(f"Hafta {code.lower()}"),
                "description": "Vatandaş telefonla bildirdi.",
            }}))["createTicket"]
            assert payload["ticket"], payload
            if n < resolved:
                ticket = payload["ticket"]
                result = (await api(RESOLVE, {"input": {
                    "ticketId": ticket["id"], "status": "RESOLVED", "expectedVersion": ticket["version"],
                    "reason": "Ekip yerinde giderdi.",
                }}))["changeTicketStatus"]
                assert result["userErrors"] == [], result


def number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


async def counter(page: Page, name: str) -> int:
    locator = page.get_by_test_id(f"counter-{name}")
    await expect(locator).to_have_text(re.compile(r"\d"))
    return number(await locator.inner_text())


async def table_rows(page: Page) -> list[list[str]]:
    rows: list[list[str]] = await page.get_by_test_id("ranking").locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [...r.children].map(c => c.textContent.trim()))"
    )
    return rows


async def test_a_manager_sees_the_counters_and_the_ranking(console: Console, api: Any) -> None:
    await a_working_week(api("operator"))
    page = await console.page("manager", "/console/dashboard")
    await expect(page.get_by_role("heading", name="Gösterge paneli")).to_be_visible()
    for label in COUNTERS:
        await expect(page.locator(".dashboard-counters dt", has_text=label)).to_be_visible()
    assert await counter(page, "received") >= sum(count for _, count, _ in WEEK)
    assert await counter(page, "resolved") >= sum(resolved for _, _, resolved in WEEK)
    await expect(page.get_by_test_id("as-of")).to_contain_text("itibarıyla")
    table = page.get_by_role("table", name="Birimler, çözdükleri talep sayısına göre")
    await expect(table.get_by_role("columnheader", name="Çözülme oranı")).to_be_visible()
    await expect(table.get_by_role("rowheader", name="Fen İşleri Müdürlüğü")).to_be_visible()
    resolved = [number(row[3]) for row in await table_rows(page)]
    assert resolved == sorted(resolved, reverse=True) and resolved[0] >= 3
    assert await axe_violations(page) == []
    await screenshot(page, "dashboard")


async def test_a_submitted_request_raises_received_without_a_reload(console: Console, api: Any) -> None:
    page = await console.page("manager", "/console/dashboard")
    before = await counter(page, "received")
    fen = page.locator("tr[data-code='FEN']")
    await expect(fen).to_be_visible()
    fen_before = number(await fen.locator("td").nth(1).inner_text())
    ids = await categories(api("operator"))
    async with httpx.AsyncClient(base_url=console.base) as anonymous:
        response = await anonymous.post("/graphql", json={
            "query": "mutation($i: SubmitRequestInput!) { submitRequest(input: $i) { reference userErrors { code } } }",
            "variables": {"i": {"categoryId": ids["ROAD_POTHOLE"], "description": unique("Köprü girişinde çökme"),
                                "idempotencyKey": str(uuid.uuid4())}},
        })
    assert response.json()["data"]["submitRequest"]["reference"], response.text
    await page.wait_for_function(
        "n => Number(document.querySelector('[data-testid=counter-received]').textContent.replace(/\\D/g, '')) > n", arg=before
    )
    # The ranking follows the counters, a moment later.
    await expect(fen.locator("td").nth(1)).to_have_text(str(fen_before + 1), timeout=8000)


async def test_the_ranking_shows_what_department_stats_says(console: Console, api: Any) -> None:
    page = await console.page("manager", "/console/dashboard")
    await expect(page.get_by_test_id("ranking")).to_be_visible()
    stats = (await api("manager")(STATS, None))["departmentStats"]
    rows = await table_rows(page)
    assert [row[1] for row in rows] == [s["department"]["nameTr"] for s in stats]
    assert [[number(cell) for cell in row[2:6]] for row in rows] == [
        [s["received"], s["resolved"], s["pending"], s["overdue"]] for s in stats
    ]
    assert [number(row[6]) for row in rows] == [math.floor(s["resolvedShare"] * 100 + 0.5) for s in stats]


async def test_a_viewer_may_open_the_dashboard_but_not_the_queue(console: Console) -> None:
    page = await console.page("viewer", "/console/dashboard")
    await expect(page.get_by_role("heading", name="Gösterge paneli")).to_be_visible()
    assert await counter(page, "pending") >= 0
    await expect(page.get_by_test_id("ranking")).to_be_visible()
    await page.goto("/console/")
    await expect(page.get_by_role("heading", name="Bu sayfayı göremezsiniz")).to_be_visible()


async def test_the_dashboard_fits_a_tablet_in_either_language(console: Console) -> None:
    page = await console.page("manager", "/console/dashboard", viewport=TABLET)
    await expect(page.get_by_test_id("ranking")).to_be_visible()
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    await expect(page.get_by_role("columnheader", name="Resolved share")).to_be_visible()
    await expect(page.get_by_test_id("as-of")).to_contain_text("As of")
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
