"""Cookie-authenticated mutations must echo the CSRF cookie in a header; nothing else needs it."""

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.permissions import ApiScope
from tests.auth.helpers import error_code, key_client, make_key, post
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids, new_ticket
from tests.tickets.queries import CREATE, NOTE

ME = "{ me { name } }"


def _note(ticket: dict[str, Any], body: str = "Ekip yarın sabah gidecek.") -> dict[str, Any]:
    return {"input": {"ticketId": ticket["id"], "body": body}}


async def _assert_refused(staff: GraphQLClient, engine: AsyncEngine, headers: dict[str, str]) -> None:
    ticket = await new_ticket(staff)
    before = await database_snapshot(engine)
    response = await post(staff.http, NOTE, _note(ticket), headers)
    assert response.status_code == 403
    body = response.json()
    assert body["data"] is None and error_code(body) == "CSRF_FAILED"
    assert await database_snapshot(engine) == before


async def test_a_cookie_mutation_without_the_token_is_refused_and_changes_nothing(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    await _assert_refused(staff, engine, {})


async def test_a_cookie_mutation_with_a_wrong_token_is_refused(staff: GraphQLClient, engine: AsyncEngine) -> None:
    await _assert_refused(staff, engine, {"X-CSRF-Token": "0" * 40})


async def test_another_sessions_token_is_refused(app: Any, staff: GraphQLClient, engine: AsyncEngine) -> None:
    other = await signed_in(app, engine, "mehmet@example.org", "Mehmet Operatör")
    try:
        token = other.http.cookies["cozum_csrf"]
        assert token != staff.http.cookies["cozum_csrf"]
        await _assert_refused(staff, engine, {"X-CSRF-Token": token})
    finally:
        await other.http.aclose()


async def test_a_cross_site_form_post_is_refused(staff: GraphQLClient, engine: AsyncEngine) -> None:
    # What a hostile page can send without a preflight: a "simple" text/plain POST, with cookies.
    ticket = await new_ticket(staff)
    before = await database_snapshot(engine)
    response = await staff.http.post(
        "/graphql", content=json.dumps({"query": NOTE, "variables": _note(ticket)}),
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 403 and error_code(response.json()) == "CSRF_FAILED"
    assert await database_snapshot(engine) == before


async def test_a_cookie_mutation_with_the_right_token_works(staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    payload = await staff.mutate("addInternalNote", NOTE, _note(ticket, "Sağlam not"))
    assert payload["event"]["type"] == "INTERNAL_NOTE" and payload["event"]["message"] == "Sağlam not"


async def test_queries_need_no_token(staff: GraphQLClient) -> None:
    response = await post(staff.http, ME)
    assert response.status_code == 200
    assert response.json() == {"data": {"me": {"name": "Ayşe Operatör"}}, "extensions": response.json()["extensions"]}


async def test_a_key_authenticated_mutation_needs_no_token(app: Any, client: GraphQLClient, engine: AsyncEngine) -> None:
    categories = await category_ids(client)
    integrator = key_client(app, await make_key(engine, "Çağrı merkezi yazılımı", [ApiScope.WRITE_TICKETS]))
    try:
        assert integrator.headers() == {}  # no cookie, so no CSRF header either
        payload = await integrator.mutate("createTicket", CREATE, {"input": {
            "channel": "PHONE", "categoryId": categories["NOISE"], "description": "Gece yarısı yüksek sesle müzik."}})
        assert payload["ticket"]["channel"] == "PHONE" and payload["ticket"]["department"]["code"] == "ZABITA"
    finally:
        await integrator.http.aclose()


async def test_logout_clears_both_cookies(staff: GraphQLClient) -> None:
    response = await post(staff.http, "mutation { logout { ok } }", headers=staff.headers())
    assert response.json()["data"] == {"logout": {"ok": True}}
    cleared = {c.split("=", 1)[0]: c for c in response.headers.get_list("set-cookie")}
    assert set(cleared) == {"cozum_session", "cozum_csrf"}
    assert all("Max-Age=0" in c for c in cleared.values()), cleared
    assert "cozum_session" not in staff.http.cookies and "cozum_csrf" not in staff.http.cookies
    assert (await staff.data(ME))["me"] is None
