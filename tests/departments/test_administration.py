"""Administrators shape the directorates and categories: each change audited, refused ones leave nothing."""

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.auth.helpers import audit_rows, error_code, scalar
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, department_ids
from tests.tickets.queries import CREATE, SUBMIT, TRACK

DEPARTMENT = "department { id code nameTr nameEn active }"
CATEGORY = (
    "category { id code nameTr nameEn slaHours remit externalInstitution defaultPriority active department { code } }"
)
CREATE_DEPARTMENT = f"""mutation($input: CreateDepartmentInput!) {{
  createDepartment(input: $input) {{ {DEPARTMENT} userErrors {{ field code message }} }} }}"""
UPDATE_DEPARTMENT = f"""mutation($input: UpdateDepartmentInput!) {{
  updateDepartment(input: $input) {{ {DEPARTMENT} userErrors {{ field code message }} }} }}"""
CREATE_CATEGORY = f"""mutation($input: CreateCategoryInput!) {{
  createCategory(input: $input) {{ {CATEGORY} userErrors {{ field code message }} }} }}"""
UPDATE_CATEGORY = f"""mutation($input: UpdateCategoryInput!) {{
  updateCategory(input: $input) {{ {CATEGORY} userErrors {{ field code message }} }} }}"""
ALL_DEPARTMENTS = "{ departments(first: 100, includeInactive: true) { edges { node { code active } } } }"
OFFERED_CATEGORIES = "{ categories(first: 100) { edges { node { code } } } }"

LIGHTING = {"code": "park_lighting", "nameTr": "Park aydınlatması", "nameEn": "Park lighting"}
DESCRIPTION = "Parktaki lambaların yarısı yanmıyor, akşamları çok karanlık."


@pytest.fixture
async def admin(app: Any, engine: AsyncEngine) -> AsyncIterator[GraphQLClient]:
    client = await signed_in(app, engine, "admin@example.org", "Büşra Yönetici", StaffRole.ADMIN)
    yield client
    await client.http.aclose()


async def _state(engine: AsyncEngine) -> tuple[list[Any], list[Any], int]:
    """Departments, categories and the audit log's length: what a refused change must not touch."""
    async with engine.connect() as connection:
        departments = (await connection.execute(text("SELECT * FROM departments ORDER BY id"))).all()
        categories = (await connection.execute(text("SELECT * FROM categories ORDER BY id"))).all()
        audited = (await connection.execute(text("SELECT count(*) FROM audit_log"))).scalar_one()
    return list(departments), list(categories), int(audited)


def _codes(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def _new_category(admin: GraphQLClient, **fields: Any) -> dict[str, Any]:
    department = (await department_ids(admin))["PARK"]
    input_ = {**LIGHTING, "departmentId": department, "slaHours": 6, "defaultPriority": "HIGH", **fields}
    category: dict[str, Any] = (await admin.mutate("createCategory", CREATE_CATEGORY, {"input": input_}))["category"]
    return category


# Departments

async def test_an_admin_creates_a_department_and_it_is_listed_and_audited(
    admin: GraphQLClient, engine: AsyncEngine
) -> None:
    payload = await admin.mutate("createDepartment", CREATE_DEPARTMENT, {"input": {
        "code": " bilgi_islem ", "nameTr": "Bilgi İşlem Müdürlüğü", "nameEn": "Information Technology"}})
    assert {k: v for k, v in payload["department"].items() if k != "id"} == {
        "code": "BILGI_ISLEM", "nameTr": "Bilgi İşlem Müdürlüğü", "nameEn": "Information Technology", "active": True}
    assert "BILGI_ISLEM" in await department_ids(admin)
    new_id = await scalar(engine, "SELECT id FROM departments WHERE code = 'BILGI_ISLEM'")
    rows = await audit_rows(engine, "DEPARTMENT_CREATED")
    assert [(r["actor_label"], r["target_type"], r["target_id"]) for r in rows] == [
        ("Büşra Yönetici", "Department", new_id)]
    assert rows[0]["reason"] == (
        'code: "BILGI_ISLEM"; nameTr: "Bilgi İşlem Müdürlüğü"; nameEn: "Information Technology"; active: true')


@pytest.mark.parametrize(("change", "expected"), [
    ({"code": "  "}, (["input", "code"], "REQUIRED")),
    ({"code": "A" * 33}, (["input", "code"], "TOO_LONG")),
    ({"code": "FEN İŞLERİ"}, (["input", "code"], "INVALID")),
    ({"code": "1FEN"}, (["input", "code"], "INVALID")),
    # Upper case of ß is SS: twenty of them would be a 40-letter code behind the ASCII check.
    ({"code": "ß" * 20}, (["input", "code"], "INVALID")),
    ({"code": "ıi"}, (["input", "code"], "INVALID")),
    ({"code": "fen"}, (["input", "code"], "DUPLICATE_KEY")),
    ({"nameTr": ""}, (["input", "nameTr"], "REQUIRED")),
    ({"nameEn": "x" * 201}, (["input", "nameEn"], "TOO_LONG")),
])
async def test_a_refused_department_leaves_nothing(
    admin: GraphQLClient, engine: AsyncEngine, change: dict[str, str], expected: tuple[list[str], str]
) -> None:
    before = await _state(engine)
    input_ = {"code": "YENI", "nameTr": "Yeni Müdürlük", "nameEn": "New Directorate", **change}
    payload = (await admin.data(CREATE_DEPARTMENT, {"input": input_}))["createDepartment"]
    assert payload["department"] is None and _codes(payload) == [expected]
    assert await _state(engine) == before


async def test_two_admins_taking_one_code_at_once_get_one_department_and_one_user_error(
    app: Any, admin: GraphQLClient, engine: AsyncEngine
) -> None:
    other = await signed_in(app, engine, "admin2@example.org", "İkinci Yönetici", StaffRole.ADMIN)
    input_ = {"input": {"code": "AYNI", "nameTr": "Aynı", "nameEn": "Same"}}
    bodies = await asyncio.gather(admin.execute(CREATE_DEPARTMENT, input_), other.execute(CREATE_DEPARTMENT, input_))
    payloads = sorted((b["data"]["createDepartment"] for b in bodies), key=lambda p: bool(p["userErrors"]))
    assert [bool(p["department"]) for p in payloads] == [True, False]
    assert _codes(payloads[1]) == [(["input", "code"], "DUPLICATE_KEY")]
    assert await scalar(engine, "SELECT count(*) FROM departments WHERE code = 'AYNI'") == 1
    assert len(await audit_rows(engine, "DEPARTMENT_CREATED")) == 1
    await other.http.aclose()


async def test_renaming_a_department_says_what_changed(admin: GraphQLClient, engine: AsyncEngine) -> None:
    fen = (await department_ids(admin))["FEN"]
    payload = await admin.mutate("updateDepartment", UPDATE_DEPARTMENT, {"input": {
        "id": fen, "nameTr": "Fen İşleri ve Altyapı Müdürlüğü"}})
    assert payload["department"]["nameTr"] == "Fen İşleri ve Altyapı Müdürlüğü"
    assert payload["department"]["nameEn"] == "Public Works"
    [row] = await audit_rows(engine, "DEPARTMENT_UPDATED")
    assert row["reason"] == 'FEN: nameTr: "Fen İşleri Müdürlüğü" → "Fen İşleri ve Altyapı Müdürlüğü"'
    assert row["target_type"] == "Department" and row["data"]["changes"] == {
        "nameTr": ["Fen İşleri Müdürlüğü", "Fen İşleri ve Altyapı Müdürlüğü"]}


async def test_a_department_with_active_categories_is_not_retired_and_nothing_of_the_change_remains(
    admin: GraphQLClient, engine: AsyncEngine
) -> None:
    fen = (await department_ids(admin))["FEN"]
    before = await _state(engine)
    payload = (await admin.data(UPDATE_DEPARTMENT, {"input": {"id": fen, "nameEn": "Works", "active": False}}))
    assert _codes(payload["updateDepartment"]) == [(["input", "active"], "INVALID")]
    assert "ROAD_POTHOLE" in payload["updateDepartment"]["userErrors"][0]["message"]
    assert await _state(engine) == before


async def test_retiring_a_department_keeps_its_tickets_and_stops_offering_it(
    admin: GraphQLClient, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    departments = await department_ids(admin)
    category = await _new_category(admin)
    ticket = (await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": category["id"], "description": DESCRIPTION}}))["ticket"]
    for code, category_id in (await category_ids(admin)).items():
        if code in {"PARK_MAINTENANCE", "TREE", "PARK_LIGHTING"}:  # every active category of PARK
            await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
                "id": category_id, "departmentId": departments["FEN"]}})
    payload = await admin.mutate("updateDepartment", UPDATE_DEPARTMENT, {"input": {
        "id": departments["PARK"], "active": False}})
    assert payload["department"]["active"] is False
    assert "PARK" not in await department_ids(admin)
    assert {"code": "PARK", "active": False} in [
        e["node"] for e in (await admin.data(ALL_DEPARTMENTS))["departments"]["edges"]]
    kept = await staff.data("query($id: ID!) { node(id: $id) { ... on Ticket { department { code } } } }",
                            {"id": ticket["id"]})
    assert kept["node"]["department"] == {"code": "PARK"}
    [row] = await audit_rows(engine, "DEPARTMENT_UPDATED")
    assert row["reason"] == "PARK: active: true → false"


@pytest.mark.parametrize(("id_", "code"), [("RGVwYXJ0bWVudDo5OTk5", "NOT_FOUND"), ("Q2F0ZWdvcnk6MQ", "INVALID_ID")])
async def test_updating_no_department_is_a_user_error(admin: GraphQLClient, id_: str, code: str) -> None:
    payload = (await admin.data(UPDATE_DEPARTMENT, {"input": {"id": id_, "nameTr": "Yok"}}))["updateDepartment"]
    assert _codes(payload) == [(["input", "id"], code)]


# Categories

async def test_a_new_category_is_offered_at_once_and_tickets_follow_its_settings(
    admin: GraphQLClient, staff: GraphQLClient, client: GraphQLClient, engine: AsyncEngine
) -> None:
    category = await _new_category(admin)
    assert {k: v for k, v in category.items() if k != "id"} == {
        "code": "PARK_LIGHTING", "nameTr": "Park aydınlatması", "nameEn": "Park lighting", "slaHours": 6,
        "remit": "MUNICIPAL", "externalInstitution": None, "defaultPriority": "HIGH", "active": True,
        "department": {"code": "PARK"}}
    offered = [e["node"]["code"] for e in (await client.data(OFFERED_CATEGORIES))["categories"]["edges"]]
    assert "PARK_LIGHTING" in offered
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": category["id"], "description": DESCRIPTION}})
    tracked = (await client.data(TRACK, {"reference": submitted["reference"], "secret": submitted["secret"]}))
    assert tracked["trackRequest"]["categoryName"] == "Park aydınlatması"
    ticket = (await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": category["id"], "description": DESCRIPTION}}))["ticket"]
    assert (ticket["department"], ticket["priority"]) == ({"code": "PARK"}, "HIGH")
    due_in = datetime.fromisoformat(ticket["dueAt"]) - datetime.now().astimezone()
    assert timedelta(hours=5, minutes=55) < due_in <= timedelta(hours=6)
    [row] = await audit_rows(engine, "CATEGORY_CREATED")
    assert row["target_type"] == "Category" and row["reason"] == (
        'code: "PARK_LIGHTING"; nameTr: "Park aydınlatması"; nameEn: "Park lighting"; defaultPriority: "HIGH"; '
        'slaHours: 6; remit: "MUNICIPAL"; externalInstitution: null; active: true; department: "PARK"')


async def test_a_new_external_category_forwards_its_requests(admin: GraphQLClient, client: GraphQLClient) -> None:
    category = await _new_category(admin, code="GAS_LEAK", departmentId=None, remit="EXTERNAL",
                                   externalInstitution="İGDAŞ")
    assert (category["remit"], category["externalInstitution"], category["department"]) == ("EXTERNAL", "İGDAŞ", None)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": category["id"], "description": "Sokakta yoğun gaz kokusu var."}})
    tracked = await client.data(TRACK, {"reference": submitted["reference"], "secret": submitted["secret"]})
    assert tracked["trackRequest"]["status"] == "FORWARDED"


@pytest.mark.parametrize(("change", "expected"), [
    ({"slaHours": 0}, (["input", "slaHours"], "INVALID")),
    ({"slaHours": -5}, (["input", "slaHours"], "INVALID")),
    ({"slaHours": 8761}, (["input", "slaHours"], "INVALID")),
    ({"remit": "EXTERNAL"}, (["input", "externalInstitution"], "REQUIRED")),
    ({"externalInstitution": "Karayolları"}, (["input", "externalInstitution"], "INVALID")),
    ({"departmentId": "RGVwYXJ0bWVudDo5OTk5"}, (["input", "departmentId"], "NOT_FOUND")),
    ({"departmentId": "Q2F0ZWdvcnk6MQ"}, (["input", "departmentId"], "INVALID_ID")),
    ({"code": "garbage"}, (["input", "code"], "DUPLICATE_KEY")),
    ({"code": "ÇÖP"}, (["input", "code"], "INVALID")),
    ({"code": "C" * 49}, (["input", "code"], "TOO_LONG")),
    ({"nameEn": " "}, (["input", "nameEn"], "REQUIRED")),
])
async def test_a_refused_category_leaves_nothing(
    admin: GraphQLClient, engine: AsyncEngine, change: dict[str, Any], expected: tuple[list[str], str]
) -> None:
    before = await _state(engine)
    payload = (await admin.data(CREATE_CATEGORY, {"input": {**LIGHTING, **change}}))["createCategory"]
    assert payload["category"] is None and _codes(payload) == [expected]
    assert await _state(engine) == before


async def test_an_inactive_department_cannot_be_chosen(admin: GraphQLClient, engine: AsyncEngine) -> None:
    await admin.mutate("createDepartment", CREATE_DEPARTMENT, {"input": {"code": "ESKI", "nameTr": "Eski", "nameEn": "Old"}})
    old = (await department_ids(admin))["ESKI"]
    await admin.mutate("updateDepartment", UPDATE_DEPARTMENT, {"input": {"id": old, "active": False}})
    before = await _state(engine)
    created = (await admin.data(CREATE_CATEGORY, {"input": {**LIGHTING, "departmentId": old}}))["createCategory"]
    garbage = (await category_ids(admin))["GARBAGE"]
    updated = (await admin.data(UPDATE_CATEGORY, {"input": {"id": garbage, "departmentId": old}}))["updateCategory"]
    assert _codes(created) == _codes(updated) == [(["input", "departmentId"], "INACTIVE")]
    assert await _state(engine) == before


async def test_a_category_of_a_retired_department_comes_back_only_with_another_department(
    admin: GraphQLClient, engine: AsyncEngine
) -> None:
    await admin.mutate("createDepartment", CREATE_DEPARTMENT, {"input": {"code": "ESKI", "nameTr": "Eski", "nameEn": "Old"}})
    departments = await department_ids(admin)
    category = await _new_category(admin, departmentId=departments["ESKI"])
    await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {"id": category["id"], "active": False}})
    await admin.mutate("updateDepartment", UPDATE_DEPARTMENT, {"input": {"id": departments["ESKI"], "active": False}})
    before = await _state(engine)
    refused = (await admin.data(UPDATE_CATEGORY, {"input": {"id": category["id"], "active": True}}))["updateCategory"]
    assert _codes(refused) == [(["input", "active"], "INACTIVE")]
    assert await _state(engine) == before
    back = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "active": True, "departmentId": departments["PARK"]}})
    assert (back["category"]["active"], back["category"]["department"]) == (True, {"code": "PARK"})


async def test_updating_a_category_moves_it_and_says_so(
    admin: GraphQLClient, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    category = await _new_category(admin)
    departments = await department_ids(admin)
    payload = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "departmentId": departments["FEN"], "slaHours": 48, "defaultPriority": "LOW",
        "nameEn": "Park lights"}})
    assert {k: payload["category"][k] for k in ("department", "slaHours", "defaultPriority", "nameEn", "nameTr")} == {
        "department": {"code": "FEN"}, "slaHours": 48, "defaultPriority": "LOW", "nameEn": "Park lights",
        "nameTr": "Park aydınlatması"}
    ticket = (await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": category["id"], "description": DESCRIPTION}}))["ticket"]
    assert (ticket["department"], ticket["priority"]) == ({"code": "FEN"}, "LOW")
    [row] = await audit_rows(engine, "CATEGORY_UPDATED")
    assert row["reason"] == (
        'PARK_LIGHTING: nameEn: "Park lighting" → "Park lights"; defaultPriority: "HIGH" → "LOW"; '
        'slaHours: 6 → 48; department: "PARK" → "FEN"')


async def test_sla_and_department_are_cleared_by_flag_only(admin: GraphQLClient, staff: GraphQLClient) -> None:
    category = await _new_category(admin)
    kept = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "slaHours": None, "departmentId": None}})
    assert (kept["category"]["slaHours"], kept["category"]["department"]) == (6, {"code": "PARK"})
    cleared = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "clearSlaHours": True, "clearDepartment": True}})
    assert (cleared["category"]["slaHours"], cleared["category"]["department"]) == (None, None)
    ticket = (await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": category["id"], "description": DESCRIPTION}}))["ticket"]
    assert (ticket["department"], ticket["dueAt"]) == (None, None)


@pytest.mark.parametrize("change", [
    {"slaHours": 12, "clearSlaHours": True},
    {"departmentId": "RGVwYXJ0bWVudDox", "clearDepartment": True},
])
async def test_a_value_and_its_clear_flag_together_are_refused(
    admin: GraphQLClient, engine: AsyncEngine, change: dict[str, Any]
) -> None:
    garbage = (await category_ids(admin))["GARBAGE"]
    before = await _state(engine)
    payload = (await admin.data(UPDATE_CATEGORY, {"input": {"id": garbage, **change}}))["updateCategory"]
    flag = next(k for k in change if k.startswith("clear"))
    assert _codes(payload) == [(["input", flag], "INVALID")]
    assert await _state(engine) == before


async def test_a_refused_update_keeps_even_its_valid_parts_out(admin: GraphQLClient, engine: AsyncEngine) -> None:
    garbage = (await category_ids(admin))["GARBAGE"]
    before = await _state(engine)
    payload = (await admin.data(UPDATE_CATEGORY, {"input": {
        "id": garbage, "nameTr": "Çöp toplama", "active": False, "slaHours": 100000}}))["updateCategory"]
    assert _codes(payload) == [(["input", "slaHours"], "INVALID")]
    assert await _state(engine) == before


async def test_changing_the_remit_keeps_the_institution_consistent(admin: GraphQLClient) -> None:
    category = await _new_category(admin)
    refused = (await admin.data(UPDATE_CATEGORY, {"input": {"id": category["id"], "remit": "EXTERNAL"}}))
    assert _codes(refused["updateCategory"]) == [(["input", "externalInstitution"], "REQUIRED")]
    external = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "remit": "EXTERNAL", "externalInstitution": "TEDAŞ"}})
    assert (external["category"]["remit"], external["category"]["externalInstitution"]) == ("EXTERNAL", "TEDAŞ")
    renamed = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "externalInstitution": "BEDAŞ"}})
    assert renamed["category"]["externalInstitution"] == "BEDAŞ"
    municipal = await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {
        "id": category["id"], "remit": "MUNICIPAL"}})
    assert (municipal["category"]["remit"], municipal["category"]["externalInstitution"]) == ("MUNICIPAL", None)


async def test_a_retired_category_is_no_longer_offered_or_accepted(admin: GraphQLClient, client: GraphQLClient) -> None:
    category = await _new_category(admin)
    await admin.mutate("updateCategory", UPDATE_CATEGORY, {"input": {"id": category["id"], "active": False}})
    offered = [e["node"]["code"] for e in (await client.data(OFFERED_CATEGORIES))["categories"]["edges"]]
    assert "PARK_LIGHTING" not in offered
    payload = (await client.data(SUBMIT, {"input": {"categoryId": category["id"], "description": DESCRIPTION}}))
    assert _codes(payload["submitRequest"]) == [(["input", "categoryId"], "NOT_FOUND")]


# Who may

ADMINISTRATION = [
    ("createDepartment", CREATE_DEPARTMENT, {"code": "YENI", "nameTr": "Yeni", "nameEn": "New"}),
    ("updateDepartment", UPDATE_DEPARTMENT, {"id": "RGVwYXJ0bWVudDox", "nameTr": "Ele geçirildi"}),
    ("createCategory", CREATE_CATEGORY, LIGHTING),
    ("updateCategory", UPDATE_CATEGORY, {"id": "Q2F0ZWdvcnk6MQ", "active": False}),
]


@pytest.mark.parametrize(("role", "refusal"), [
    (None, "NOT_AUTHENTICATED"), (StaffRole.OPERATOR, "FORBIDDEN"), (StaffRole.AGENT, "FORBIDDEN"),
    (StaffRole.MANAGER, "FORBIDDEN"),
])
@pytest.mark.parametrize(("name", "document", "input_"), ADMINISTRATION, ids=[a[0] for a in ADMINISTRATION])
async def test_only_administrators_may(
    app: Any, client: GraphQLClient, engine: AsyncEngine, role: StaffRole | None, refusal: str,
    name: str, document: str, input_: dict[str, Any],
) -> None:
    caller = client if role is None else await signed_in(
        app, engine, "caller@example.org", "Ali Personel", role, "ZABITA" if role is not StaffRole.OPERATOR else None)
    before = await _state(engine)
    body = await caller.execute(document, {"input": input_})
    assert body["data"] is None and error_code(body) == refusal
    assert await _state(engine) == before
