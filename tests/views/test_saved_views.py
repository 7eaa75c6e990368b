"""Saved views: each staff member's own named queues, replaced by name, deleted only by their owner."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.models import StaffRole
from cozum.auth.service import create_user
from cozum.views.service import MAX_VIEWS, save_view
from tests.auth.actors import client_for
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient

VIEWS = "{ savedViews { id name query createdAt } }"
SAVE = """mutation($input: SaveViewInput!) {
  saveView(input: $input) { view { id name query } userErrors { field code message } }
}"""
DELETE = """mutation($input: DeleteViewInput!) {
  deleteView(input: $input) { deletedId userErrors { field code message } }
}"""


async def _save(client: GraphQLClient, name: str, query: str) -> dict[str, Any]:
    return dict((await client.data(SAVE, {"input": {"name": name, "query": query}}))["saveView"])


async def _views(client: GraphQLClient) -> list[dict[str, Any]]:
    return list((await client.data(VIEWS))["savedViews"])


async def test_views_are_listed_by_name_and_saving_a_name_again_replaces_it(staff: GraphQLClient) -> None:
    first = (await _save(staff, "Zabıta açık", "department=Z&scope=open"))["view"]
    await _save(staff, "Benim", "assignee=me")
    again = (await _save(staff, "  Zabıta açık ", "department=Z&scope=all&sort=due"))["view"]
    assert again["id"] == first["id"] and again["query"] == "department=Z&scope=all&sort=due"
    assert [(v["name"], v["query"]) for v in await _views(staff)] == [
        ("Benim", "assignee=me"), ("Zabıta açık", "department=Z&scope=all&sort=due")]


async def test_each_person_sees_only_their_own(staff: GraphQLClient, app: Any, engine: AsyncEngine) -> None:
    await _save(staff, "Benim", "assignee=me")
    agent = await signed_in(app, engine, "fen.agent@example.org", "Fen Ajan", StaffRole.AGENT, "FEN")
    assert await _views(agent) == []
    # The same name is another person's own view.
    await _save(agent, "Benim", "assignee=me&scope=open")
    assert [v["query"] for v in await _views(staff)] == ["assignee=me"]
    assert [v["query"] for v in await _views(agent)] == ["assignee=me&scope=open"]
    await agent.http.aclose()


async def test_another_persons_view_cannot_be_deleted_or_fetched(
    staff: GraphQLClient, app: Any, engine: AsyncEngine
) -> None:
    theirs = (await _save(staff, "Benim", "assignee=me"))["view"]
    other = await signed_in(app, engine, "ikinci@example.org", "Mehmet Operatör")
    refused = (await other.data(DELETE, {"input": {"id": theirs["id"]}}))["deleteView"]
    missing = (await other.data(DELETE, {"input": {"id": "U2F2ZWRWaWV3Ojk5OTk"}}))["deleteView"]
    assert refused == {"deletedId": None, "userErrors": [
        {"field": ["input", "id"], "code": "NOT_FOUND", "message": "No such saved view."}]}
    assert [e["code"] for e in missing["userErrors"]] == ["NOT_FOUND"]
    node = "query($id: ID!) { node(id: $id) { ... on SavedView { name } } }"
    assert (await other.data(node, {"id": theirs["id"]}))["node"] is None
    assert (await staff.data(node, {"id": theirs["id"]}))["node"] == {"name": "Benim"}
    assert len(await _views(staff)) == 1
    await other.http.aclose()


async def test_the_owner_deletes_a_view(staff: GraphQLClient) -> None:
    view = (await _save(staff, "Benim", "assignee=me"))["view"]
    deleted = (await staff.data(DELETE, {"input": {"id": view["id"]}}))["deleteView"]
    assert deleted == {"deletedId": view["id"], "userErrors": []}
    assert await _views(staff) == []
    again = (await staff.data(DELETE, {"input": {"id": view["id"]}}))["deleteView"]
    assert [e["code"] for e in again["userErrors"]] == ["NOT_FOUND"]


@pytest.mark.parametrize(
    ("name", "query", "field", "code"),
    [
        ("   ", "a=1", "name", "REQUIRED"),
        ("x" * 81, "a=1", "name", "TOO_LONG"),
        ("Uzun", "q=" + "x" * 1999, "query", "TOO_LONG"),
    ],
)
async def test_names_and_queries_are_bounded(
    staff: GraphQLClient, name: str, query: str, field: str, code: str
) -> None:
    payload = (await staff.data(SAVE, {"input": {"name": name, "query": query}}))["saveView"]
    assert payload["view"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await _views(staff) == []


async def test_the_longest_name_and_query_fit(staff: GraphQLClient) -> None:
    view = (await _save(staff, "ğ" * 80, "q=" + "ş" * 1998))["view"]
    assert len(view["name"]) == 80 and len(view["query"]) == 2000


async def test_one_person_keeps_a_bounded_number_of_views(staff: GraphQLClient, db: AsyncSession) -> None:
    user_id = (await db.execute(text("SELECT id FROM users WHERE email = 'operator@example.org'"))).scalar_one()
    await db.execute(
        text("INSERT INTO saved_views (staff_user_id, name, query, created_at) "
             "SELECT :u, 'görünüm ' || n, '', now() FROM generate_series(1, :n) AS n"),
        {"u": user_id, "n": MAX_VIEWS},
    )
    await db.commit()
    refused = (await staff.data(SAVE, {"input": {"name": "bir fazla", "query": ""}}))["saveView"]
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID"]
    # Replacing one of them takes no more room.
    replaced = await _save(staff, "görünüm 1", "scope=open")
    assert replaced["userErrors"] == [] and replaced["view"]["query"] == "scope=open"


async def test_views_go_with_their_owners_account(db: AsyncSession) -> None:
    # Accounts are deactivated rather than deleted (the audit log names them); should one
    # ever be deleted, its views go with it.
    user = await create_user(db, "gecici@example.org", "correct horse battery", StaffRole.AGENT, "Geçici", "FEN")
    await save_view(db, user.id or 0, "Benim", "assignee=me")
    await db.execute(text("DELETE FROM users WHERE id = :u"), {"u": user.id})
    assert (await db.execute(text("SELECT count(*) FROM saved_views"))).scalar_one() == 0


@pytest.mark.parametrize("kind", ["anonymous", "key:READ_ALL"])
async def test_callers_without_an_account_are_refused(
    kind: str, app: Any, engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = await client_for(kind, app, engine, monkeypatch)
    for document, variables in ((VIEWS, None), (SAVE, {"input": {"name": "x", "query": "y"}})):
        body = await client.execute(document, variables)
        assert body["errors"][0]["extensions"]["code"] in ("NOT_AUTHENTICATED", "FORBIDDEN")
    await client.http.aclose()


async def test_a_viewer_may_keep_views(app: Any, engine: AsyncEngine) -> None:
    viewer = await signed_in(app, engine, "izleyici@example.org", "İzleyici", StaffRole.VIEWER)
    assert (await _save(viewer, "Panolar", "tab=dashboard"))["userErrors"] == []
    assert [v["name"] for v in await _views(viewer)] == ["Panolar"]
    await viewer.http.aclose()
