"""The queue's bulk actions, its keys, what it shows safely, and how it fits: each test makes its
own tickets."""

from typing import Any

from playwright.async_api import Route, expect

from tests.browser.conftest import TABLET, Console, axe_violations
from tests.browser.queue_helpers import (
    ASSIGN,
    ME,
    ROUTE,
    ROWS,
    TICKET,
    Apis,
    code_ids,
    make,
    queue,
    row,
    search,
    status,
    word,
)

# --- bulk actions -----------------------------------------------------------------------------


async def test_bulk_assign_gives_three_tickets_to_one_agent(console: Console, api: Apis) -> None:
    token = word()
    tickets = [await make(api, f"Kaldırıma park eden araçlar {token} {n}", "OCCUPATION") for n in range(3)]
    page = await queue(console, "operator")
    await search(page, token)
    await expect(page.locator(ROWS)).to_have_count(3)
    for ticket in tickets:
        await page.get_by_role("checkbox", name=f"Seç: {ticket['reference']}").check()
    bulk = page.locator("cz-queue-bulk")
    await expect(bulk.get_by_role("heading")).to_have_text("3 talep seçildi")
    await bulk.get_by_label("Ata", exact=True).select_option(label="Zeki Zabıta")
    await bulk.get_by_role("button", name="Ata", exact=True).click()
    await expect(page.locator(".queue-outcome")).to_contain_text("3 talep güncellendi")
    for ticket in tickets:
        await expect(row(page, ticket)).to_contain_text("Zeki Zabıta")
        node = (await api("operator")(TICKET, {"id": ticket["id"]}))["node"]
        assert node["assignee"]["name"] == "Zeki Zabıta"
        assert "ASSIGNED" in [e["node"]["type"] for e in node["timeline"]["edges"]]
    await expect(bulk.get_by_role("heading")).to_have_count(0)  # the selection is done with
    # Closing the notice hands focus on to the table, not to the top of the document.
    await page.locator(".queue-outcome").get_by_role("button", name="Kapat").click()
    await expect(page.locator(".queue-outcome")).to_have_count(0)
    await expect(page.get_by_role("checkbox", name="Listedeki tüm talepleri seç")).to_be_focused()


async def test_a_bulk_status_change_reports_the_ticket_that_changed_meanwhile(console: Console, api: Apis) -> None:
    token = word()
    stale, fresh = await make(api, f"Moloz dökümü {token} A", "CONSTRUCTION_DEBRIS"), await make(api, f"Moloz dökümü {token} B", "CONSTRUCTION_DEBRIS")
    page = await queue(console, "operator")
    await search(page, token)
    for ticket in (stale, fresh):
        await page.get_by_role("checkbox", name=f"Seç: {ticket['reference']}").check()
    await status(api, stale, "IN_PROGRESS")  # someone else, after our choice
    await expect(row(page, stale).locator(".badge.status")).to_have_text("İşlemde")
    bulk = page.locator("cz-queue-bulk")
    await bulk.get_by_label("Durumu değiştir").select_option(label="Çözüldü")
    await bulk.get_by_role("button", name="Uygula").click()
    outcome = page.locator(".queue-outcome")
    await expect(outcome).to_contain_text("1 talep güncellendi, 1 talep güncellenemedi")
    await expect(outcome.get_by_role("listitem")).to_have_text(f"{stale['reference']}: Talep siz bakarken değişti.")
    await expect(outcome).to_be_focused()
    await expect(row(page, fresh)).to_have_count(0)  # resolved: no longer open
    await expect(row(page, stale)).to_be_visible()
    assert (await api("operator")(TICKET, {"id": fresh["id"]}))["node"]["status"] == "RESOLVED"
    assert (await api("operator")(TICKET, {"id": stale["id"]}))["node"]["status"] == "IN_PROGRESS"


async def test_bulk_route_and_assign_refuse_a_ticket_that_changed_meanwhile(console: Console, api: Apis) -> None:
    token = word()
    changed, kept = [await make(api, f"Kaçak hafriyat {token} {n}", "CONSTRUCTION_DEBRIS") for n in "AB"]
    zehra = (await api("zabita2")(ME, None))["me"]["id"]
    ids = await code_ids(api)
    page = await queue(console, "operator", f"q={token}")
    bulk = page.locator("cz-queue-bulk")
    outcome = page.locator(".queue-outcome")
    for ticket in (changed, kept):
        await page.get_by_role("checkbox", name=f"Seç: {ticket['reference']}").check()
    await api("operator")(ASSIGN, {"i": {"ticketId": changed["id"], "assigneeId": zehra}})  # a colleague, meanwhile
    await expect(row(page, changed)).to_contain_text("Zehra Zabıta")
    await bulk.get_by_label("Birime yönlendir").select_option(label="Fen İşleri Müdürlüğü")
    await bulk.get_by_role("button", name="Yönlendir").click()
    await expect(outcome).to_contain_text("1 talep güncellendi, 1 talep güncellenemedi")
    await expect(outcome.get_by_role("listitem")).to_have_text(f"{changed['reference']}: Talep siz bakarken değişti.")
    node = (await api("operator")(TICKET, {"id": changed["id"]}))["node"]
    assert node["assignee"]["name"] == "Zehra Zabıta"
    assert "ROUTED" not in [e["node"]["type"] for e in node["timeline"]["edges"]]
    # Closing the notice leaves focus on the tickets still selected.
    await outcome.get_by_role("button", name="Kapat").click()
    await expect(bulk.get_by_role("heading")).to_be_focused()

    await page.reload()  # a fresh selection: what is seen now is what the choice is based on
    for ticket in (changed, kept):
        await page.get_by_role("checkbox", name=f"Seç: {ticket['reference']}").check()
    await api("operator")(ROUTE, {"i": {"ticketId": kept["id"], "departmentId": ids["PARK"]}})  # meanwhile
    await expect(row(page, kept)).to_contain_text("Park")
    await bulk.get_by_label("Ata", exact=True).select_option(label="Zeki Zabıta")
    await bulk.get_by_role("button", name="Ata", exact=True).click()
    await expect(outcome).to_contain_text("1 talep güncellendi, 1 talep güncellenemedi")
    await expect(outcome.get_by_role("listitem")).to_have_text(f"{kept['reference']}: Talep siz bakarken değişti.")
    assert (await api("operator")(TICKET, {"id": kept["id"]}))["node"]["assignee"] is None
    assert (await api("operator")(TICKET, {"id": changed["id"]}))["node"]["assignee"]["name"] == "Zeki Zabıta"


async def test_a_bulk_failure_without_words_of_its_own_is_said_in_turkish(console: Console, api: Apis) -> None:
    token = word()
    refused, broken = [await make(api, f"Gürültü {token} {n}") for n in "AB"]
    page = await queue(console, "operator", f"q={token}")

    async def answer(route: Route) -> None:
        body = route.request.post_data_json or {}
        if "mutation QueueAssign(" not in str(body.get("query")):
            await route.continue_()
            return
        ticket = body["variables"]["input"]["ticketId"]
        result: dict[str, Any] = (
            {"data": {"assignTicket": {"ticket": None, "userErrors": [
                {"field": None, "code": "SOMETHING_NEW", "message": "Internal refusal text"}]}}}
            if ticket == refused["id"] else
            {"data": None, "errors": [{"message": "Traceback: KeyError in resolver", "extensions": {"code": "ODD_FAILURE"}}]}
        )
        await route.fulfill(json=result)

    await page.route("**/graphql", answer)
    for ticket in (refused, broken):
        await page.get_by_role("checkbox", name=f"Seç: {ticket['reference']}").check()
    bulk = page.locator("cz-queue-bulk")
    await bulk.get_by_label("Ata", exact=True).select_option(label="Kendime")
    await bulk.get_by_role("button", name="Ata", exact=True).click()
    outcome = page.locator(".queue-outcome")
    await expect(outcome).to_contain_text("0 talep güncellendi, 2 talep güncellenemedi")
    generic = "İstek tamamlanamadı. Yeniden deneyin; sorun sürerse sistem yöneticinize bildirin."
    await expect(outcome.get_by_role("listitem").filter(has_text=refused["reference"])).to_have_text(
        f"{refused['reference']}: {generic} (kod: SOMETHING_NEW)")
    await expect(outcome.get_by_role("listitem").filter(has_text=broken["reference"])).to_have_text(
        f"{broken['reference']}: {generic} (kod: ODD_FAILURE)")
    await expect(outcome).not_to_contain_text("Internal")
    await expect(outcome).not_to_contain_text("Traceback")


# --- keys, safety, accessibility, layout ------------------------------------------------------


async def test_keys_move_open_search_and_explain_themselves(console: Console, api: Apis) -> None:
    token = word()
    first, second, third = [await make(api, f"Gürültü {token} {n}") for n in (1, 2, 3)]
    page = await queue(console, "operator", f"q={token}")
    await expect(page.locator(ROWS)).to_have_count(3)  # newest first: third, second, first
    await page.keyboard.press("j")
    await expect(row(page, third)).to_have_attribute("aria-current", "true")
    await page.keyboard.press("j")
    await expect(row(page, second)).to_have_attribute("aria-current", "true")
    await page.keyboard.press("x")
    await expect(page.get_by_role("checkbox", name=f"Seç: {second['reference']}")).to_be_checked()
    await page.keyboard.press("j")
    await page.keyboard.press("k")
    await expect(row(page, second)).to_have_attribute("aria-current", "true")
    await expect(row(page, first)).to_have_attribute("aria-current", "false")

    await page.keyboard.press("/")
    searchbox = page.get_by_role("searchbox", name="Ara")
    await expect(searchbox).to_be_focused()
    await page.keyboard.type("j?")  # typing in a field is typing, not keys
    await expect(searchbox).to_have_value("j?")
    await expect(page.get_by_role("dialog")).to_have_count(0)
    await expect(row(page, second)).to_have_attribute("aria-current", "true")
    await searchbox.fill(token)

    await page.locator("h1").click()
    await page.keyboard.press("?")
    sheet = page.get_by_role("dialog", name="Klavye kısayolları")
    await expect(sheet).to_be_visible()
    await expect(sheet).to_contain_text("Sonraki talep")
    assert await axe_violations(page) == []
    await page.keyboard.press("Escape")
    await expect(sheet).to_be_hidden()

    await page.keyboard.press("j")
    await expect(row(page, first)).to_have_attribute("aria-current", "true")
    await page.keyboard.press("Enter")
    await expect(page).to_have_url(f"{console.base}/console/tickets/{first['id']}")


async def test_a_title_with_markup_shows_literally_and_runs_nothing(console: Console, api: Apis) -> None:
    token = word()
    title = "<img src=x onerror=alert(1)>"
    ticket = await make(api, title, description=f"Başlığı garip bir başvuru {token}")
    page = await queue(console, "operator")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await search(page, token)
    await expect(row(page, ticket).locator(".queue-title-text")).to_have_text(title)
    assert await page.locator("cz-queue-table img").count() == 0
    await page.wait_for_timeout(300)  # an onerror would have fired by now
    assert dialogs == []


async def test_the_queue_has_no_accessibility_violations(console: Console, api: Apis) -> None:
    await make(api, f"Gürültü {word()}")
    page = await queue(console, "operator")
    await expect(page.locator(ROWS).first).to_be_visible()
    assert await axe_violations(page) == []
    await page.locator(ROWS).first.get_by_role("checkbox").check()
    await page.get_by_text("Diğer filtreler").click()
    await page.locator("cz-queue-views summary").click()
    await expect(page.get_by_label("Bu görünümün adı")).to_be_visible()
    assert await axe_violations(page) == []


OVERFLOW = """() => [...document.querySelectorAll('main *')]
  .filter((el) => !el.closest('.table-wrap, details:not([open]) > :not(summary)'))
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .map((el) => el.tagName.toLowerCase() + '.' + el.className)"""


async def test_nothing_but_the_table_scrolls_sideways_on_a_tablet(console: Console, api: Apis) -> None:
    await make(api, f"Gürültü {word()}")
    page = await queue(console, "zabita", viewport=TABLET)
    await expect(page.locator(ROWS).first).to_be_visible()
    await page.locator(ROWS).first.get_by_role("checkbox").check()
    await page.get_by_text("Diğer filtreler").click()
    await expect(page.locator("cz-queue-bulk h2")).to_be_visible()
    assert await page.evaluate(OVERFLOW) == []
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    wrap = page.locator(".queue-table")
    assert await wrap.evaluate("(el) => el.scrollWidth > el.clientWidth")  # the table scrolls in its box
    await page.locator("cz-queue-views summary").click()
    assert await page.evaluate(OVERFLOW) == []
