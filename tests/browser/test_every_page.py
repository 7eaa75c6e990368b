"""Every console page, as the role that may see it: no CSP violation, no script error, and the
detector itself proven able to see one."""

import pytest
from playwright.async_api import expect

from tests.browser.conftest import TABLET, Console

PAGES = {
    "/console/": "operator",
    "/console/tickets/new": "operator",
    "/console/dashboard": "manager",
    "/console/admin/categories": "admin",
    "/console/admin/departments": "admin",
    "/console/admin/staff": "admin",
    "/console/admin/api-keys": "admin",
    "/console/admin/webhooks": "admin",
    "/console/admin/audit": "admin",
    "/console/admin/templates": "admin",
    "/console/sign-in": None,
    "/console/no-such-page": "operator",
}


@pytest.mark.parametrize(("path", "who"), PAGES.items(), ids=PAGES.keys())
async def test_a_page_loads_under_the_policy_with_nothing_refused(console: Console, path: str, who: str | None) -> None:
    page = await console.page(who, path)
    await expect(page.locator("main h1")).to_be_visible()
    await page.wait_for_load_state("networkidle")
    assert await console.problems() == []


@pytest.mark.parametrize(("path", "who"), PAGES.items(), ids=PAGES.keys())
async def test_a_page_fits_a_tablet(console: Console, path: str, who: str | None) -> None:
    page = await console.page(who, path, viewport=TABLET)
    await expect(page.locator("main h1")).to_be_visible()
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


async def test_the_detector_sees_an_inline_script_the_policy_refuses(console: Console) -> None:
    page = await console.page(None, "/console/sign-in")
    await page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.ran = true';
        document.body.append(script);
    }""")
    await page.wait_for_function("window.__problems.length > 0")
    assert (await console.problems())[0].startswith("CSP script-src")
    assert not await page.evaluate("window.ran === true")
    console.pages.remove(page)  # the violation was this test's own doing
