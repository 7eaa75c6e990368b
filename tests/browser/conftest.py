"""Browser tests: one real `cozum serve`, one headless Chromium, for every test in this folder.

Each test gets fresh browser contexts (cookies, storage) signed in as the staff it needs; the
server and its database live for the session, so tests make their own tickets and find them by
their own titles. Every page is watched for Content-Security-Policy violations and script errors:
a test fails if its pages caused any.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.db import create_engine, create_sessionmaker, transaction
from cozum.frontends import DIST
from tests.conftest import STAFF_PASSWORD
from tests.fixtures.database import DatabasePool, drop_test_database, with_database
from tests.fixtures.live import server_process

CHROMIUM = os.environ.get("COZUM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
TABLET = {"width": 768, "height": 1024}

# Who works in the console during the tests: e-mail → (name, role, department code).
STAFF: dict[str, tuple[str, StaffRole, str | None]] = {
    "admin": ("Ada Yönetici", StaffRole.ADMIN, None),
    "operator": ("Ayşe Operatör", StaffRole.OPERATOR, None),
    "zabita": ("Zeki Zabıta", StaffRole.AGENT, "ZABITA"),
    "zabita2": ("Zehra Zabıta", StaffRole.AGENT, "ZABITA"),
    "fen": ("Fikret Fen", StaffRole.AGENT, "FEN"),
    "manager": ("Mine Müdür", StaffRole.MANAGER, "FEN"),
    "viewer": ("Veli İzleyici", StaffRole.VIEWER, None),
}

# Script errors and CSP reports, collected in the page before any of its own scripts run.
WATCH = """
window.__problems = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__problems.push('CSP ' + e.violatedDirective + ' ' + e.blockedURI);
});
window.addEventListener('error', (e) => window.__problems.push('error ' + e.message));
window.addEventListener('unhandledrejection', (e) => window.__problems.push('rejection ' + String(e.reason)));
"""


def email(who: str) -> str:
    return f"{who}@console.example.org"


@pytest.fixture(scope="session")
def frontend_built() -> None:
    assert (DIST / "console" / "index.html").is_file(), "run ./scripts/bootstrap to build the front ends"


@pytest.fixture(scope="session")
async def console_database(postgres_server: str, database_pool: DatabasePool) -> AsyncIterator[str]:
    name = await database_pool.take()
    url = with_database(postgres_server, name)
    engine = create_engine(url, pool_size=1)
    async with transaction(create_sessionmaker(engine)) as session:
        for who, (name_, role, department) in STAFF.items():
            await create_user(session, email(who), STAFF_PASSWORD, role, name_, department)
    await engine.dispose()
    yield url
    await drop_test_database(postgres_server, name)


@pytest.fixture(scope="session")
async def console_url(console_database: str, frontend_built: None) -> AsyncIterator[str]:
    """The base URL of the one server every browser test talks to."""
    async with server_process(console_database) as (address, _pid):
        yield f"http://{address}"


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        await browser.close()


@pytest.fixture(scope="session")
async def storage_states(console_url: str) -> dict[str, Any]:
    """One sign-in per staff member for the whole session (signing in for every test would
    trip the sign-in throttle); tests start from these cookies."""
    return {}


_SIGNING_IN = asyncio.Lock()


class Console:
    """Opens pages as a given staff member and checks them for CSP violations and errors."""

    def __init__(self, browser: Browser, base: str, states: dict[str, Any]) -> None:
        self.browser = browser
        self.base = base
        self.states = states
        self.contexts: list[BrowserContext] = []
        self.pages: list[Page] = []

    async def state_of(self, who: str) -> Any:
        # One sign-in per person even when a test asks for several at once (the throttle counts them).
        async with _SIGNING_IN:
            return await self._sign_in(who)

    async def _sign_in(self, who: str) -> Any:
        if who not in self.states:
            async with httpx.AsyncClient(base_url=self.base) as http:
                response = await http.post("/graphql", json={
                    "query": "mutation($i: LoginInput!) { login(input: $i) { user { id } userErrors { code } } }",
                    "variables": {"i": {"email": email(who), "password": STAFF_PASSWORD}},
                })
                assert response.json()["data"]["login"]["user"], response.text
                host = httpx.URL(self.base).host
                self.states[who] = {"cookies": [
                    {"name": c.name, "value": c.value or "", "domain": host, "path": c.path or "/",
                     "httpOnly": c.name == "cozum_session", "secure": False, "sameSite": "Lax"}
                    for c in http.cookies.jar
                ], "origins": []}
        return self.states[who]

    async def context(self, who: str | None, viewport: dict[str, int] = DESKTOP, **options: Any) -> BrowserContext:
        state = await self.state_of(who) if who else None
        context = await self.browser.new_context(
            base_url=self.base, viewport=viewport, storage_state=state, **options  # type: ignore[arg-type]
        )
        await context.add_init_script(WATCH)
        self.contexts.append(context)
        return context

    async def page(self, who: str | None, path: str = "/console/", **options: Any) -> Page:
        """A new context's page at `path`, signed in as `who` (None: nobody)."""
        context = await self.context(who, **options)
        page = await context.new_page()
        self.pages.append(page)
        await page.goto(path)
        return page

    async def problems(self) -> list[str]:
        found: list[str] = []
        for page in self.pages:
            if not page.is_closed():
                found += await page.evaluate("window.__problems || []")
        return found

    async def close(self) -> None:
        for context in self.contexts:
            await context.close()


@pytest.fixture
async def console(browser: Browser, console_url: str, storage_states: dict[str, Any]) -> AsyncIterator[Console]:
    console = Console(browser, console_url, storage_states)
    try:
        yield console
        assert await console.problems() == [], "CSP violations or script errors on the pages"
    finally:
        await console.close()


AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


async def axe_violations(page: Page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = await page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result if v["impact"] in impacts
    ]


SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


async def screenshot(page: Page, name: str) -> Path:
    """Saves what the README shows; the tests keep the pictures true."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


Api = Callable[[str, dict[str, Any] | None], Awaitable[dict[str, Any]]]


@pytest.fixture
async def api(console_url: str, console: Console) -> Callable[[str], Api]:
    """GraphQL as a given staff member, to set up what a test needs without clicking."""

    def as_(who: str) -> Api:
        async def call(query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
            state = await console.state_of(who)
            cookies = {c["name"]: c["value"] for c in state["cookies"]}
            async with httpx.AsyncClient(base_url=console_url, cookies=cookies) as http:
                response = await http.post(
                    "/graphql", json={"query": query, "variables": variables or {}},
                    headers={"x-csrf-token": cookies.get("cozum_csrf", "")},
                )
            body = response.json()
            assert not body.get("errors"), body
            data: dict[str, Any] = body["data"]
            return data
        return call

    return as_


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One server and one browser for the folder: with the suite split over processes
    # (pytest-xdist), every browser test goes to the same one.
    for item in items:
        if "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("browser"))
