"""What the queue's browser tests share: tickets made through the API, the rows that show them,
a queue page that is live."""

import re
import uuid
from collections.abc import Callable
from typing import Any

from playwright.async_api import Locator, Page, expect

from tests.browser.conftest import Api, Console

CREATE = """mutation($i: CreateTicketInput!) { createTicket(input: $i) {
  ticket { id reference version status } userErrors { field code message } } }"""
ROUTE = "mutation($i: RouteTicketInput!) { routeTicket(input: $i) { ticket { version } userErrors { code } } }"
ASSIGN = "mutation($i: AssignTicketInput!) { assignTicket(input: $i) { ticket { version } userErrors { code } } }"
STATUS = """mutation($i: ChangeTicketStatusInput!) { changeTicketStatus(input: $i) {
  ticket { version status } userErrors { code } } }"""
CHOICES = """{ categories(first: 100) { edges { node { id code } } }
  departments(first: 100) { edges { node { id code } } } }"""
TICKET = """query($id: ID!) { node(id: $id) { ... on Ticket { status version assignee { name }
  timeline(first: 50) { edges { node { type message } } } } } }"""
ME = "{ me { id } }"

ROWS = "cz-queue-table tbody tr"

Apis = Callable[[str], Api]
_codes: dict[str, str] = {}


def word() -> str:
    """A search word no other ticket has (letters first: the Turkish parser keeps it whole)."""
    return "kz" + uuid.uuid4().hex[:8]


async def code_ids(api: Apis) -> dict[str, str]:
    if not _codes:
        data = await api("operator")(CHOICES, None)
        for root in ("categories", "departments"):
            _codes.update({e["node"]["code"]: e["node"]["id"] for e in data[root]["edges"]})
    return _codes


async def make(api: Apis, title: str, category: str = "NOISE", who: str = "operator", **extra: Any) -> dict[str, Any]:
    """A ticket the call centre took by phone (NOISE goes to Zabıta, ROAD_POTHOLE to Fen)."""
    ids = await code_ids(api)
    data = {
        "channel": "PHONE", "categoryId": ids[category], "title": title,
        "description": "Vatandaş telefonla aradı; yerinde kontrol rica ediyor.", "replyChannel": "NONE",
    } | extra
    payload = (await api(who)(CREATE, {"i": data}))["createTicket"]
    assert payload["userErrors"] == [], payload
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


async def status(api: Apis, ticket: dict[str, Any], to: str) -> dict[str, Any]:
    payload = (await api("operator")(STATUS, {"i": {"ticketId": ticket["id"], "status": to, "expectedVersion": ticket["version"]}}))
    assert payload["changeTicketStatus"]["userErrors"] == [], payload
    return ticket | payload["changeTicketStatus"]["ticket"]


def row(page: Page, ticket_or_title: dict[str, Any] | str) -> Locator:
    if isinstance(ticket_or_title, str):
        return page.locator(ROWS, has_text=ticket_or_title)
    return page.locator(f'{ROWS}[data-id="{ticket_or_title["id"]}"]')


async def queue(console: Console, who: str, query: str = "", **options: Any) -> Page:
    page = await console.page(who, f"/console/{'?' + query if query else ''}", **options)
    await expect(page.get_by_role("heading", level=1, name="Talepler")).to_be_visible()
    await expect(page.locator(".live-connected")).to_be_visible()
    return page


async def search(page: Page, words: str) -> None:
    field = page.get_by_role("searchbox", name="Ara")
    await field.fill(words)
    await field.press("Enter")
    await expect(page).to_have_url(re.compile(rf"q={words}"))


async def wait_live(page: Page, api: Apis, category: str) -> None:
    """Proves the page's subscription is with the server: a ticket made now arrives without reload."""
    probe = await make(api, f"Kontrol {word()}", category)
    await expect(row(page, probe)).to_be_visible()
