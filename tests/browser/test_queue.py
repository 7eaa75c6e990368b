"""The queue: live arrivals and alerts, filters in the URL, saved views and counts. The database
is shared by the session, so each test makes its own tickets and finds them by a word only they carry."""

import asyncio
import json
import re

from playwright.async_api import Route, WebSocketRoute, expect

from tests.browser.conftest import Console, email
from tests.browser.queue_helpers import (
    ASSIGN,
    ME,
    ROUTE,
    ROWS,
    Apis,
    code_ids,
    make,
    queue,
    row,
    search,
    status,
    wait_live,
    word,
)
from tests.conftest import STAFF_PASSWORD

# --- live -------------------------------------------------------------------------------------


async def test_a_ticket_routed_to_zabita_arrives_live_marked_new_and_never_reaches_fen(console: Console, api: Apis) -> None:
    zabita = await queue(console, "zabita")
    fen = await queue(console, "fen")
    await wait_live(zabita, api, "NOISE")
    await wait_live(fen, api, "ROAD_POTHOLE")
    title = f"Pazar yerinde izinsiz tezgâh {word()}"
    ticket = await make(api, title, "OTHER")  # Basın Yayın's at first: neither agent reads it
    ids = await code_ids(api)
    routed = await api("operator")(ROUTE, {"i": {"ticketId": ticket["id"], "departmentId": ids["ZABITA"]}})
    assert routed["routeTicket"]["userErrors"] == []
    arrived = row(zabita, ticket)
    await expect(arrived).to_be_visible()
    await expect(arrived).to_have_class(re.compile("queue-new"))
    await expect(arrived.locator(".badge.fresh")).to_have_text("Yeni gelen")
    await expect(arrived.locator(".queue-title-text")).to_have_text(title)
    # Fen's socket has delivered an event made after the routing: the routing was not for it.
    await wait_live(fen, api, "ROAD_POTHOLE")
    await expect(row(fen, title)).to_have_count(0)
    # Opening the ticket is seeing it: back in the queue it is no longer marked.
    await arrived.get_by_role("link").click()
    await expect(zabita).to_have_url(re.compile(r"/console/tickets/"))
    await zabita.go_back()
    await expect(row(zabita, ticket)).to_be_visible()
    await expect(row(zabita, ticket).locator(".badge.fresh")).to_have_count(0)


async def test_after_a_dropped_connection_the_queue_catches_up_with_what_it_missed(console: Console, api: Apis) -> None:
    blocked = {"on": False}
    sockets: list[WebSocketRoute] = []

    async def proxy(ws: WebSocketRoute) -> None:
        if blocked["on"]:  # the network is down: no new connection gets through
            await ws.close()
            return
        server = ws.connect_to_server()
        sockets.append(ws)
        server.on_message(lambda m: ws.send(m))
        ws.on_message(lambda m: server.send(m))

    context = await console.context("zabita")
    page = await context.new_page()
    console.pages.append(page)
    await page.route_web_socket(re.compile(r".*/graphql$"), proxy)
    await page.goto("/console/")
    await expect(page.locator(".live-connected")).to_be_visible()
    await wait_live(page, api, "NOISE")
    blocked["on"] = True
    await sockets[-1].close()
    await expect(page.locator(".live-connected")).to_have_count(0)
    missed = await make(api, f"Gece inşaat gürültüsü {word()}")
    blocked["on"] = False
    await expect(row(page, missed)).to_be_visible(timeout=15_000)
    await expect(row(page, missed).locator(".badge.fresh")).to_have_text("Yeni gelen")


async def test_an_assignment_to_me_raises_the_count_in_the_tab_title(console: Console, api: Apis) -> None:
    page = await queue(console, "zabita")
    await wait_live(page, api, "NOISE")
    assert not (await page.title()).startswith("(")
    me = (await api("zabita")(ME, None))["me"]["id"]
    ticket = await make(api, f"Kaldırım işgali {word()}", "OCCUPATION")
    assigned = await api("operator")(ASSIGN, {"i": {"ticketId": ticket["id"], "assigneeId": me}})
    assert assigned["assignTicket"]["userErrors"] == []
    await expect(page).to_have_title(re.compile(r"^\(1\) Talepler"))
    await expect(page.locator(".status-bar")).to_contain_text(f"Size yeni bir talep atandı: {ticket['reference']}")
    await row(page, ticket).get_by_role("link").click()
    await expect(page).not_to_have_title(re.compile(r"^\("))


async def test_with_more_than_a_hundred_rows_on_screen_the_queue_still_updates(console: Console, api: Apis) -> None:
    token = word()
    made = [await make(api, f"Gürültü {token} 0")]  # signed in once before the burst
    for start in range(1, 105, 15):
        made += await asyncio.gather(*(make(api, f"Gürültü {token} {n}") for n in range(start, min(105, start + 15))))
    page = await queue(console, "operator", f"q={token}")
    sizes: list[int] = []
    page.on("request", lambda r: sizes.append(json.loads(r.post_data or "{}").get("variables", {}).get("first") or 0)
            if "QueueTickets" in (r.post_data or "") else None)
    more = page.get_by_role("button", name="Daha fazla yükle")
    for shown in (100, 105):
        await more.click()
        await expect(page.locator(ROWS)).to_have_count(shown)
    late = await make(api, f"Gürültü {token} geç gelen")
    await expect(row(page, late)).to_be_visible()
    await expect(page.locator(ROWS)).to_have_count(106)
    await expect(row(page, made[0])).to_be_visible()  # the oldest, on the last page, is still there
    await expect(page.locator(".queue-stale")).to_have_count(0)
    assert sizes and max(sizes) <= 100


async def test_a_failed_refresh_is_said_and_can_be_retried(console: Console, api: Apis) -> None:
    token = word()
    await make(api, f"Gürültü {token}")
    page = await queue(console, "operator", f"q={token}")
    await expect(page.locator(ROWS)).to_have_count(1)

    async def refuse(route: Route) -> None:
        if "QueueTickets" in (route.request.post_data or ""):
            await route.fulfill(json={"data": None, "errors": [{"message": "busy", "extensions": {"code": "INTERNAL"}}]})
        else:
            await route.continue_()

    await page.route("**/graphql", refuse)
    late = await make(api, f"Gürültü {token} geç gelen")
    await expect(page.locator(".status-bar")).to_contain_text("Liste güncellenemedi; gösterilen talepler güncel olmayabilir.")
    notice = page.locator(".queue-stale")
    await expect(notice).to_be_visible()
    await expect(row(page, late)).to_have_count(0)
    await page.unroute("**/graphql", refuse)
    await notice.get_by_role("button", name="Yeniden dene").click()
    await expect(row(page, late)).to_be_visible()
    await expect(notice).to_have_count(0)


async def test_the_assignment_sound_can_be_switched_off_and_stays_off(console: Console) -> None:
    page = await queue(console, "zabita")
    toggle = page.get_by_role("button", name="Atama sesi")
    await expect(toggle).to_have_attribute("aria-pressed", "true")
    await toggle.click()
    await expect(toggle).to_have_attribute("aria-pressed", "false")
    await page.reload()
    await expect(page.get_by_role("button", name="Atama sesi")).to_have_attribute("aria-pressed", "false")
    assert await page.evaluate("localStorage.getItem('cozum.sound')") == "off"


# --- filters, views, counts -------------------------------------------------------------------


async def test_filters_survive_a_reload_and_the_back_button_restores_the_previous_ones(console: Console, api: Apis) -> None:
    token = word()
    noise = await make(api, f"Gece gürültüsü {token}", "NOISE")
    pothole = await make(api, f"Asfalt çökmesi {token}", "ROAD_POTHOLE")
    working = await status(api, await make(api, f"Seyyar satıcı {token}", "STREET_VENDOR"), "IN_PROGRESS")
    page = await queue(console, "operator")
    await search(page, token)
    await expect(page.locator(ROWS)).to_have_count(3)
    await page.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
    await expect(page.locator(ROWS)).to_have_count(2)
    await expect(row(page, pothole)).to_have_count(0)
    chip = page.get_by_role("button", name=re.compile("^İşlemde"))
    await chip.click()
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(row(page, working)).to_be_visible()

    await page.reload()
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(row(page, working)).to_be_visible()
    await expect(page.get_by_role("searchbox", name="Ara")).to_have_value(token)
    ids = await code_ids(api)
    await expect(page.get_by_label("Birim", exact=True)).to_have_value(ids["ZABITA"])
    await expect(page.get_by_role("button", name=re.compile("^İşlemde"))).to_have_attribute("aria-pressed", "true")

    await page.go_back()  # before the status
    await expect(page.locator(ROWS)).to_have_count(2)
    await expect(row(page, noise)).to_be_visible()
    await expect(page.get_by_role("button", name=re.compile("^İşlemde"))).to_have_attribute("aria-pressed", "false")
    await page.go_back()  # before the department
    await expect(page.locator(ROWS)).to_have_count(3)
    await expect(page.get_by_label("Birim", exact=True)).to_have_value("")
    await expect(page.get_by_role("searchbox", name="Ara")).to_have_value(token)


async def test_a_saved_view_is_saved_reopened_and_deleted(console: Console, api: Apis) -> None:
    token = word()
    ticket = await make(api, f"Sokak köpekleri {token}", "STRAY_ANIMAL")
    page = await queue(console, "operator")
    await search(page, token)
    views = page.locator("cz-queue-views")
    name = f"Hayvanlar {token}"
    await views.locator("summary").click()
    await views.get_by_label("Bu görünümün adı").fill(name)
    await views.get_by_role("button", name="Bu görünümü kaydet").click()
    await expect(views.get_by_role("link", name=name)).to_be_visible()
    await expect(views.locator("summary")).to_have_text(f"Görünüm: {name}")

    await page.get_by_role("navigation", name="Ana menü").get_by_role("link", name="Talepler").click()
    await expect(page).to_have_url(f"{console.base}/console/")
    await expect(page.get_by_role("searchbox", name="Ara")).to_have_value("")
    await page.reload()  # saved on the server, not in the page
    await views.locator("summary").click()
    await views.get_by_role("link", name=name).click()
    await expect(page).to_have_url(re.compile(rf"q={token}"))
    await expect(page.get_by_role("searchbox", name="Ara")).to_have_value(token)
    await expect(page.locator(ROWS)).to_have_count(1)
    await expect(row(page, ticket)).to_be_visible()

    await views.locator("summary").click()
    await views.get_by_role("button", name=f"“{name}” görünümünü sil").click()
    await expect(views.get_by_role("link", name=name)).to_have_count(0)
    await page.reload()
    await views.locator("summary").click()
    await expect(views.get_by_role("link", name=name)).to_have_count(0)


async def test_the_counts_per_status_match_the_tickets(console: Console, api: Apis) -> None:
    token = word()
    await make(api, f"Gürültü şikâyeti {token}")
    await make(api, f"Gürültü şikâyeti {token} (2)")
    await status(api, await make(api, f"Gürültü şikâyeti {token} (3)"), "IN_PROGRESS")
    await status(api, await make(api, f"Gürültü şikâyeti {token} (4)"), "ON_HOLD")
    page = await queue(console, "operator")
    await search(page, token)
    await expect(page.locator(ROWS)).to_have_count(4)
    await expect(page.locator(".queue-total")).to_have_text("4 talep")
    counts = page.locator("cz-queue-statuses")
    for status_name, count in (("Yeni", 2), ("İşlemde", 1), ("Beklemede", 1), ("Planlandı", 0)):
        await expect(counts.get_by_role("button", name=f"{status_name} {count}", exact=True)).to_be_visible()
        await expect(page.locator(ROWS).locator(".badge.status", has_text=status_name)).to_have_count(count)
    # Closed tickets are counted under "closed", not among the open ones.
    await page.get_by_role("link", name="Kapalı").click()
    await expect(page.locator(".queue-total")).to_have_text("0 talep")
    await expect(counts.get_by_role("button", name="Çözüldü 0", exact=True)).to_be_visible()


async def test_the_assignee_filter_never_shows_another_person_than_the_url_names(console: Console, api: Apis) -> None:
    token = word()
    ids = await code_ids(api)
    zeki = (await api("zabita")(ME, None))["me"]["id"]
    ticket = await make(api, f"Gece gürültüsü {token}")
    await api("operator")(ASSIGN, {"i": {"ticketId": ticket["id"], "assigneeId": zeki}})
    page = await queue(console, "operator", f"department={ids['ZABITA']}&assignee={zeki}")
    assignee = page.get_by_label("Sorumlu", exact=True)
    await expect(assignee).to_have_value(zeki)
    await expect(assignee.locator("option:checked")).to_have_text("Zeki Zabıta")
    # Another department: Zeki is none of its people, so the filter by him goes.
    await page.get_by_label("Birim", exact=True).select_option(label="Fen İşleri Müdürlüğü")
    await expect(page).to_have_url(re.compile(rf"department={ids['FEN']}"))
    assert "assignee=" not in page.url
    await expect(assignee).to_have_value("")
    # "Mine" means the same in every department: it stays.
    await assignee.select_option(label="Bana atananlar")
    await expect(page).to_have_url(re.compile("assignee=me"))
    await page.get_by_label("Birim", exact=True).select_option(label="Park ve Bahçeler Müdürlüğü")
    await expect(page).to_have_url(re.compile(rf"department={ids['PARK']}"))
    await expect(page).to_have_url(re.compile("assignee=me"))
    await expect(assignee).to_have_value("me")

    # A link naming someone the list does not hold still shows that a person is chosen…
    await page.goto(f"/console/?department={ids['FEN']}&assignee={zeki}")
    await expect(assignee).to_have_value(zeki)
    await expect(assignee.locator("option:checked")).to_have_text("Seçili kişi")
    # …and by name when a ticket on screen says it.
    await page.goto(f"/console/?q={token}&assignee={zeki}")
    await expect(row(page, ticket)).to_be_visible()
    await expect(assignee).to_have_value(zeki)
    await expect(assignee.locator("option:checked")).to_have_text("Zeki Zabıta")


async def test_the_people_listed_are_asked_again_after_another_sign_in_in_the_same_tab(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    for who in ("operator", "fen"):
        await page.get_by_label("E-posta adresi").fill(email(who))
        await page.get_by_label("Parola").fill(STAFF_PASSWORD)
        await page.get_by_role("button", name="Giriş yap").click()
        await expect(page.get_by_role("heading", level=1, name="Talepler")).to_be_visible()
        if who == "operator":
            await page.evaluate("window.__sameDocument = true")
            await page.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
            await expect(page.get_by_label("Sorumlu", exact=True).get_by_role("option", name="Zeki Zabıta")).to_be_attached()
            await page.get_by_role("button", name="Çıkış yap").click()
            await expect(page).to_have_url(f"{console.base}/console/sign-in")
    # Fen's agent may not list Zabıta's people: what the operator was told is not shown to him.
    await page.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
    assignee = page.get_by_label("Sorumlu", exact=True)
    await expect(assignee).to_have_attribute("aria-busy", "false")  # the answer for Zabıta is in
    await expect(assignee.get_by_role("option", name="Zeki Zabıta")).to_have_count(0)
    assert await page.evaluate("window.__sameDocument === true")  # one tab, one page load throughout


async def test_saving_a_view_under_a_taken_name_asks_before_replacing_it(console: Console) -> None:
    first, second = word(), word()
    page = await queue(console, "operator", f"q={first}")
    views = page.locator("cz-queue-views")
    name = f"Görünüm {first}"
    await views.locator("summary").click()
    await views.get_by_label("Bu görünümün adı").fill(name)
    await views.get_by_role("button", name="Bu görünümü kaydet").click()
    await expect(views.get_by_role("link", name=name)).to_have_attribute("href", re.compile(rf"q={first}"))

    await search(page, second)
    await views.locator("summary").click()
    await views.get_by_label("Bu görünümün adı").fill(name)
    await views.get_by_role("button", name="Bu görünümü kaydet").click()
    question = views.get_by_role("group", name=re.compile("adında bir görünüm zaten var"))
    await expect(question).to_be_visible()
    await expect(question.get_by_role("button", name="Evet, değiştir")).to_be_focused()
    await question.get_by_role("button", name="Vazgeç").click()
    await expect(question).to_have_count(0)
    await expect(views.get_by_label("Bu görünümün adı")).to_be_focused()
    await expect(views.get_by_role("link", name=name)).to_have_attribute("href", re.compile(rf"q={first}"))

    await views.get_by_role("button", name="Bu görünümü kaydet").click()
    await views.get_by_role("button", name="Evet, değiştir").click()
    await expect(page.locator(".status-bar")).to_contain_text(f"“{name}” görünümü yeni filtrelerle değiştirildi.")
    await expect(views.get_by_role("link", name=name)).to_have_attribute("href", re.compile(rf"q={second}"))
    await expect(views.get_by_role("link", name=name)).to_have_count(1)
