"""Administration in the console: directorates, categories, staff, API keys and the audit log."""

import re
import uuid
from typing import Any

import httpx
from playwright.async_api import Page, Route, expect

from tests.browser.conftest import TABLET, Console, axe_violations, email, screenshot, unique

CATEGORIES = "{ categories(first: 100) { edges { node { code slaHours defaultPriority department { code } } } } }"
DEPARTMENT = """mutation($i: CreateDepartmentInput!) {
  createDepartment(input: $i) { department { id code } userErrors { code } } }"""
CATEGORY = """mutation($i: CreateCategoryInput!) {
  createCategory(input: $i) { category { id code } userErrors { code } } }"""
STAFF_USER = """mutation($i: CreateStaffUserInput!) {
  createStaffUser(input: $i) { user { id } userErrors { code } } }"""


def code(prefix: str) -> str:
    """A code no other test uses: codes are A–Z, 0–9 and _."""
    return f"{prefix}_{uuid.uuid4().hex[:6].upper()}"


async def offered_codes(api: Any) -> set[str]:
    data = await api("operator")(CATEGORIES)
    return {edge["node"]["code"] for edge in data["categories"]["edges"]}


async def a_department(api: Any) -> tuple[str, str, str]:
    """A new directorate made through the API: (id, code, Turkish name)."""
    dept_code, name = code("DEPT"), unique("Deneme Müdürlüğü")
    data = await api("admin")(DEPARTMENT, {"i": {"code": dept_code, "nameTr": name, "nameEn": unique("Test Directorate")}})
    assert data["createDepartment"]["userErrors"] == []
    return data["createDepartment"]["department"]["id"], dept_code, name


def row(page: Page, text: str) -> Any:
    return page.get_by_role("row").filter(has_text=text)


def state(page: Page, text: str) -> Any:
    """The row's status as a word (a badge), not its buttons' labels."""
    return row(page, text).locator(".badge")


# First, while the table holds the default categories only (the database lives for the session).
async def test_screenshot_of_the_categories(console: Console) -> None:
    page = await console.page("admin", "/console/admin/categories")
    await expect(row(page, "ROAD_POTHOLE")).to_contain_text("Fen İşleri Müdürlüğü")
    await screenshot(page, "admin")


async def test_a_new_department_and_category_are_offered_in_the_create_form_at_once(console: Console, api: Any) -> None:
    dept_code, dept_tr, dept_en = code("DEPT"), unique("Mezarlıklar Müdürlüğü"), unique("Cemeteries")
    page = await console.page("admin", "/console/admin/departments")
    await page.get_by_role("button", name="Yeni birim").click()
    dialog = page.get_by_role("dialog", name="Yeni birim")
    await dialog.get_by_label("Kod").fill(dept_code)
    await dialog.get_by_label("Türkçe ad").fill(dept_tr)
    await dialog.get_by_label("İngilizce ad").fill(dept_en)
    await dialog.get_by_role("button", name="Birimi oluştur").click()
    await expect(dialog).to_be_hidden()
    await expect(page.get_by_role("status").filter(has_text=f"{dept_tr} birimi oluşturuldu")).to_be_visible()
    await expect(row(page, dept_code)).to_contain_text(dept_en)
    await expect(state(page, dept_code)).to_have_text("Etkin")

    cat_code, cat_tr, cat_en = code("GRAVE"), unique("Mezar bakımı"), unique("Grave upkeep")
    await page.get_by_role("link", name="Kategoriler").click()
    await page.get_by_role("button", name="Yeni kategori").click()
    dialog = page.get_by_role("dialog", name="Yeni kategori")
    await dialog.get_by_label("Kod").fill(cat_code)
    await dialog.get_by_label("Türkçe ad").fill(cat_tr)
    await dialog.get_by_label("İngilizce ad").fill(cat_en)
    await dialog.get_by_label("Varsayılan birim").select_option(label=dept_tr)
    await dialog.get_by_label("Varsayılan öncelik").select_option(label="Yüksek")
    await dialog.get_by_label("Çözüm süresi (saat)").fill("36")
    await dialog.get_by_role("button", name="Kategoriyi oluştur").click()
    await expect(dialog).to_be_hidden()
    created = row(page, cat_code)
    for text in (cat_tr, cat_en, dept_tr, "Yüksek", "36 sa", "Belediye"):
        await expect(created).to_contain_text(text)
    await expect(state(page, cat_code)).to_have_text("Etkin")

    offered = {e["node"]["code"]: e["node"] for e in (await api("operator")(CATEGORIES))["categories"]["edges"]}
    assert offered[cat_code] == {"code": cat_code, "slaHours": 36, "defaultPriority": "HIGH", "department": {"code": dept_code}}
    form = await console.page("operator", "/console/tickets/new")
    category = form.get_by_label("Kategori", exact=True)
    await expect(category.locator("optgroup", has_text=cat_tr)).to_have_attribute("label", dept_tr)
    await category.select_option(label=cat_tr)
    await expect(form.get_by_test_id("category-suggestion")).to_contain_text(dept_tr)


async def test_a_duplicate_code_is_explained_in_the_focused_summary(console: Console) -> None:
    page = await console.page("admin", "/console/admin/categories")
    await page.get_by_role("button", name="Yeni kategori").click()
    dialog = page.get_by_role("dialog", name="Yeni kategori")
    await dialog.get_by_label("Kod").fill("ROAD_POTHOLE")  # a default category's code
    await dialog.get_by_label("Türkçe ad").fill("Çukur bir daha")
    await dialog.get_by_label("İngilizce ad").fill("Pothole again")
    await dialog.get_by_role("button", name="Kategoriyi oluştur").click()
    summary = dialog.locator(".error-summary")
    await expect(summary).to_contain_text("Bu kod zaten kullanılıyor")
    await expect(summary).to_be_focused()
    await expect(dialog.get_by_label("Kod")).to_have_attribute("aria-invalid", "true")
    # The summary's link takes the user to the field at fault.
    await summary.get_by_role("link").click()
    await expect(dialog.get_by_label("Kod")).to_be_focused()


async def test_a_form_cannot_be_sent_twice_or_dismissed_while_its_request_runs(console: Console) -> None:
    page = await console.page("admin", "/console/admin/departments")
    held: list[Route] = []

    async def hold(route: Route) -> None:
        if "createDepartment" in (route.request.post_data or ""):
            held.append(route)
        else:
            await route.continue_()

    await page.route("**/graphql", hold)
    await page.get_by_role("button", name="Yeni birim").click()
    dialog = page.get_by_role("dialog", name="Yeni birim")
    dept_code = code("HOLD")
    await dialog.get_by_label("Kod").fill(dept_code)
    await dialog.get_by_label("Türkçe ad").fill(unique("Bekleyen Müdürlük"))
    await dialog.get_by_label("İngilizce ad").fill(unique("Waiting Directorate"))
    submit = dialog.get_by_role("button", name="Birimi oluştur")
    await submit.click()
    await expect(submit).to_be_disabled()
    await page.keyboard.press("Escape")
    await expect(dialog).to_be_visible()
    assert len(held) == 1
    await held[0].continue_()
    await expect(dialog).to_be_hidden()
    await expect(state(page, dept_code)).to_have_text("Etkin")


async def test_an_external_category_needs_its_institution_before_anything_is_sent(console: Console, api: Any) -> None:
    page = await console.page("admin", "/console/admin/categories")
    await page.get_by_role("button", name="Yeni kategori").click()
    dialog = page.get_by_role("dialog", name="Yeni kategori")
    cat_code = code("GAS")
    await dialog.get_by_label("Kod").fill(cat_code)
    await dialog.get_by_label("Türkçe ad").fill(unique("Doğalgaz kaçağı"))
    await dialog.get_by_label("İngilizce ad").fill(unique("Gas leak"))
    await dialog.get_by_label("Başka kurum").check()
    await dialog.get_by_role("button", name="Kategoriyi oluştur").click()
    await expect(dialog.locator(".error-summary")).to_contain_text("Bu talepleri üstlenen kurumu yazın")
    assert cat_code not in await offered_codes(api)
    await dialog.get_by_label("Sorumlu kurum").fill("Doğalgaz Dağıtım A.Ş.")
    await dialog.get_by_role("button", name="Kategoriyi oluştur").click()
    await expect(dialog).to_be_hidden()
    await expect(row(page, cat_code)).to_contain_text("Doğalgaz Dağıtım A.Ş.")
    assert cat_code in await offered_codes(api)


async def test_deactivating_a_category_withdraws_it_and_the_audit_log_tells(console: Console, api: Any) -> None:
    department_id, dept_code, _ = await a_department(api)
    cat_code, cat_tr = code("BENCH"), unique("Kırık bank")
    created = await api("admin")(CATEGORY, {"i": {
        "code": cat_code, "nameTr": cat_tr, "nameEn": unique("Broken bench"), "departmentId": department_id, "slaHours": 48,
    }})
    assert created["createCategory"]["userErrors"] == []
    assert cat_code in await offered_codes(api)

    page = await console.page("admin", "/console/admin/categories")
    await row(page, cat_code).get_by_role("button", name="Pasifleştir").click()
    dialog = page.get_by_role("dialog", name=f"{cat_tr} pasifleştirilsin mi?")
    await expect(dialog.get_by_role("button", name="Vazgeç")).to_be_focused()
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Pasifleştir").click()
    await expect(dialog).to_be_hidden()
    await expect(state(page, cat_code)).to_have_text("Pasif")
    await expect(row(page, cat_code).get_by_role("button", name="Etkinleştir")).to_be_focused()
    assert cat_code not in await offered_codes(api)

    await page.get_by_role("link", name="Denetim kaydı").click()
    log = page.get_by_role("table", name="Denetim kaydı")
    await expect(log.get_by_role("row").filter(has_text=cat_code).filter(has_text="Kategori değiştirildi")).to_contain_text(
        "active: true → false")
    await expect(log.get_by_role("row").filter(has_text=cat_code).filter(has_text="Kategori oluşturuldu")).to_have_count(1)
    await expect(log.get_by_role("row").filter(has_text=dept_code).filter(has_text="Birim oluşturuldu")).to_have_count(1)
    await expect(log.get_by_role("row").filter(has_text=cat_code).first).to_contain_text("Ada Yönetici")

    await page.get_by_label("İşlem türü").focus()
    await page.get_by_label("İşlem türü").select_option(label="Birim oluşturuldu")
    await expect(page).to_have_url(re.compile(r"/console/admin/audit\?action=DEPARTMENT_CREATED$"))
    await expect(log.get_by_role("row").filter(has_text=dept_code)).to_have_count(1)
    await expect(log.get_by_role("row").filter(has_text=cat_code)).to_have_count(0)
    await expect(page.get_by_label("İşlem türü")).to_be_focused()
    await page.reload()
    await expect(page.get_by_label("İşlem türü")).to_have_value("DEPARTMENT_CREATED")


async def test_a_department_that_categories_lead_to_cannot_be_retired(console: Console, api: Any) -> None:
    department_id, dept_code, dept_tr = await a_department(api)
    cat_code = code("LEAD")
    await api("admin")(CATEGORY, {"i": {"code": cat_code, "nameTr": unique("Yönlendiren"), "nameEn": "Leading",
                                        "departmentId": department_id}})
    page = await console.page("admin", "/console/admin/departments")
    await row(page, dept_code).get_by_role("button", name="Pasifleştir").click()
    dialog = page.get_by_role("dialog", name=f"{dept_tr} pasifleştirilsin mi?")
    await expect(dialog).to_contain_text("1 etkin kategori")
    await expect(dialog).to_contain_text(cat_code)
    await expect(dialog.get_by_role("button", name="Pasifleştir")).to_have_count(0)
    await dialog.get_by_role("button", name="Kapat").click()
    await expect(state(page, dept_code)).to_have_text("Etkin")


async def test_an_admin_creates_staff_and_resets_their_password(console: Console) -> None:
    address, name = f"{uuid.uuid4().hex[:8]}@console.example.org", unique("Derya Zabıta")
    page = await console.page("admin", "/console/admin/staff", permissions=["clipboard-read", "clipboard-write"])
    await page.get_by_role("button", name="Yeni personel").click()
    dialog = page.get_by_role("dialog", name="Yeni personel")
    await dialog.get_by_label("E-posta adresi").fill(address)
    await dialog.get_by_label("Ad soyad").fill(name)
    await dialog.get_by_label("Rol", exact=True).select_option(label="Birim personeli")
    await dialog.get_by_label("İlk parola").fill("ilk parola 2026")
    await dialog.get_by_role("button", name="Hesabı oluştur").click()
    summary = dialog.locator(".error-summary")
    await expect(summary).to_contain_text("Birim personeli rolü için bir birim seçin")
    await expect(summary).to_be_focused()
    await dialog.get_by_label("Birim", exact=True).select_option(label="Zabıta Müdürlüğü")
    await dialog.get_by_role("button", name="Hesabı oluştur").click()
    await expect(dialog).to_be_hidden()
    created = row(page, address)
    for text in (name, "Birim personeli", "Zabıta Müdürlüğü"):
        await expect(created).to_contain_text(text)
    await expect(state(page, address)).to_have_text("Etkin")

    await created.get_by_role("button", name="Parolayı sıfırla").click()
    dialog = page.get_by_role("dialog", name=f"{name}: parolayı sıfırla")
    await dialog.get_by_role("button", name="Geçici parola oluştur").click()
    secret = dialog.get_by_label("Geçici parola")
    await expect(secret).to_be_focused()
    await expect(dialog).to_contain_text("yalnızca şimdi, bir kez gösterilir")
    password = await secret.input_value()
    assert len(password) >= 8
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Kopyala").click()
    await expect(page.get_by_role("status").filter(has_text="Panoya kopyalandı")).to_be_visible()
    assert await page.evaluate("navigator.clipboard.readText()") == password
    await dialog.get_by_role("button", name="Kapat").click()
    await expect(dialog).to_be_hidden()
    assert password not in await page.content()

    async with httpx.AsyncClient(base_url=console.base) as http:
        login = "mutation($i: LoginInput!) { login(input: $i) { user { name role } userErrors { code } } }"
        signed = await http.post("/graphql", json={"query": login, "variables": {"i": {"email": address, "password": password}}})
        assert signed.json()["data"]["login"]["user"] == {"name": name, "role": "AGENT"}


async def test_an_admin_changes_a_role_and_deactivates_an_account(console: Console, api: Any) -> None:
    address, name = f"{uuid.uuid4().hex[:8]}@console.example.org", unique("Kaan Operatör")
    made = await api("admin")(STAFF_USER, {"i": {"email": address, "name": name, "password": "bir parola 2026", "role": "OPERATOR"}})
    assert made["createStaffUser"]["userErrors"] == []
    page = await console.page("admin", "/console/admin/staff")
    await page.get_by_label("Personelde ara").fill(address)
    await row(page, address).get_by_role("button", name="Rol ve birim").click()
    dialog = page.get_by_role("dialog", name=f"{name}: rol ve birim")
    await dialog.get_by_label("Rol", exact=True).select_option(label="Müdür")
    await dialog.get_by_label("Birim", exact=True).select_option(label="Fen İşleri Müdürlüğü")
    await dialog.get_by_role("button", name="Kaydet").click()
    await expect(dialog).to_be_hidden()
    await expect(row(page, address)).to_contain_text("Müdür")
    await expect(row(page, address)).to_contain_text("Fen İşleri Müdürlüğü")

    await row(page, address).get_by_role("button", name="Pasifleştir").click()
    await page.get_by_role("dialog").get_by_role("button", name="Pasifleştir").click()
    await expect(state(page, address)).to_have_text("Pasif")
    await row(page, address).get_by_role("button", name="Etkinleştir").click()
    await page.get_by_role("dialog", name=f"{name} etkinleştirilsin mi?").get_by_role("button", name="Etkinleştir").click()
    await expect(state(page, address)).to_have_text("Etkin")
    await row(page, address).get_by_role("button", name="Pasifleştir").click()
    await page.get_by_role("dialog").get_by_role("button", name="Pasifleştir").click()
    await expect(state(page, address)).to_have_text("Pasif")
    staff = await api("admin")("{ staffUsers(first: 100) { edges { node { email role active department { code } } } } }")
    mine = [e["node"] for e in staff["staffUsers"]["edges"] if e["node"]["email"] == address]
    assert mine == [{"email": address, "role": "MANAGER", "active": False, "department": {"code": "FEN"}}]
    # Nobody deactivates themselves by a slip: one's own row has no such button.
    await page.get_by_label("Personelde ara").fill(email("admin"))
    await expect(row(page, email("admin")).get_by_role("button", name="Pasifleştir")).to_have_count(0)


async def test_an_api_key_is_shown_once_and_then_revoked(console: Console) -> None:
    name = unique("Mobil uygulama")
    page = await console.page("admin", "/console/admin/api-keys")
    await page.get_by_role("button", name="Yeni API anahtarı").click()
    dialog = page.get_by_role("dialog", name="Yeni API anahtarı")
    await dialog.get_by_label("Ad", exact=True).fill(name)
    await dialog.get_by_label("Bir birimin taleplerini okuma").check()
    await dialog.get_by_role("button", name="Anahtarı oluştur").click()
    await expect(dialog.locator(".error-summary")).to_contain_text("bir birim seçin")
    await dialog.get_by_label("Bir birimin taleplerini okuma").uncheck()
    await dialog.get_by_label("Genel bilgileri okuma").check()
    await dialog.get_by_label("Dakikada en çok istek").fill("120")
    await dialog.get_by_role("button", name="Anahtarı oluştur").click()
    shown = page.get_by_role("dialog", name=f"{name}: yeni anahtar")
    key = await shown.get_by_label("API anahtarı").input_value()
    assert key.startswith("czm_")
    await expect(shown).to_contain_text("Bu anahtarı bir daha göremeyeceksiniz")
    await expect(shown.get_by_role("button", name="Kopyala")).to_be_visible()
    await shown.get_by_role("button", name="Kapat").click()
    await expect(shown).to_be_hidden()
    assert key not in await page.content()
    listed = row(page, name)
    for text in ("Genel bilgileri okuma", "120", "Hiç kullanılmadı"):
        await expect(listed).to_contain_text(text)
    await expect(state(page, name)).to_have_text("Etkin")

    query = {"query": "{ departments(first: 1) { totalCount } }"}
    async with httpx.AsyncClient(base_url=console.base, headers={"authorization": f"Bearer {key}"}) as http:
        assert (await http.post("/graphql", json=query)).json()["data"]["departments"]["totalCount"] > 0
        await listed.get_by_role("button", name="İptal et").click()
        confirm = page.get_by_role("dialog", name=f"{name} iptal edilsin mi?")
        await confirm.get_by_role("button", name="İptal et").click()
        await expect(confirm).to_be_hidden()
        await expect(state(page, name)).to_have_text("İptal edildi")
        await expect(listed.get_by_role("button", name="İptal et")).to_have_count(0)
        refused = await http.post("/graphql", json=query)
        assert refused.json().get("errors"), refused.text


async def test_an_operator_has_no_administration(console: Console) -> None:
    admin = await console.page("admin", "/console/")
    await expect(admin.get_by_role("navigation", name="Ana menü").get_by_role("link", name="Yönetim")).to_be_visible()
    page = await console.page("operator", "/console/admin/categories")
    await expect(page.get_by_role("heading", name="Bu sayfayı göremezsiniz")).to_be_visible()
    await expect(page.get_by_role("navigation", name="Ana menü").get_by_role("link", name="Talepler")).to_be_visible()
    await expect(page.get_by_role("link", name="Yönetim")).to_have_count(0)
    await expect(page.get_by_role("table")).to_have_count(0)


def loaded(page: Page) -> Any:
    """A section's table, or its note that there is nothing to list yet."""
    return page.locator("table.admin-table, .admin-section > p.notice").first


SECTIONS = [
    ("categories", "Yeni kategori"),
    ("departments", "Yeni birim"),
    ("staff", "Yeni personel"),
    ("api-keys", "Yeni API anahtarı"),
    ("audit", None),
]


async def test_every_section_is_accessible_with_and_without_its_dialog(console: Console) -> None:
    page = await console.page("admin", "/console/admin/categories")
    for section, new in SECTIONS:
        await page.goto(f"/console/admin/{section}")
        await expect(loaded(page)).to_be_visible()
        assert await axe_violations(page) == [], section
        if new:
            opener = page.get_by_role("button", name=new)
            await opener.click()
            dialog = page.get_by_role("dialog", name=new)
            await expect(dialog).to_be_visible()
            assert await axe_violations(page) == [], f"{section} with its dialog open"
            await page.keyboard.press("Escape")
            await expect(dialog).to_be_hidden()
            await expect(opener).to_be_focused()


async def test_the_sections_fit_a_tablet_and_speak_english(console: Console) -> None:
    page = await console.page("admin", "/console/admin/categories", viewport=TABLET)
    for section in ("categories", "departments", "staff", "api-keys", "audit"):
        await page.goto(f"/console/admin/{section}")
        await expect(loaded(page)).to_be_visible()
        # Nothing cut off: neither the page nor a table needs scrolling sideways.
        assert await page.evaluate("""() => document.documentElement.scrollWidth <= innerWidth
          && [...document.querySelectorAll('.table-wrap')].every((w) => w.scrollWidth <= w.clientWidth)"""), section
    await page.goto("/console/admin/categories")
    await page.get_by_role("button", name="English").click()
    await expect(page.get_by_role("heading", name="Categories")).to_be_visible()
    await expect(page.get_by_role("columnheader", name="Default department")).to_be_visible()
    await expect(row(page, "ROAD_POTHOLE")).to_contain_text("Public Works")
    await page.get_by_role("button", name="New category").click()
    await expect(page.get_by_role("dialog", name="New category").get_by_label("Time to resolve (hours)")).to_be_visible()
