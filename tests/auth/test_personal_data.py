"""Citizens' phone and e-mail stay masked for staff unless revealed, with a reason, on the record."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.auth.helpers import audit_rows, error_code, scalar
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids
from tests.tickets.queries import NOTE, TIMELINE, TRACK

CONTACT = {"name": "Ayşe Yılmaz", "phone": "0532 111 22 33", "email": "Ayse.Yilmaz@Example.org"}
PHONE, EMAIL = "+905321112233", "ayse.yilmaz@example.org"
MASKED_PHONE, MASKED_EMAIL = "+90 532 *** ** 33", "a***@example.org"

REVEAL = """
mutation($input: RevealContactInput!) {
  revealContact(input: $input) { contact { name phone email } userErrors { field code message } }
}
"""
CONTACT_OF = "query($id: ID!) { node(id: $id) { ... on Ticket { contact { name phone email preferredChannel } } } }"
WHY = "Vatandaşı arayıp adres tarifi alacağım."


async def _ticket(staff: GraphQLClient) -> dict[str, Any]:
    """A pothole (Fen İşleri's) with a contact, and the secret its citizen tracks it with."""
    categories = await category_ids(staff)
    payload = await staff.mutate("createTicket", """
      mutation($input: CreateTicketInput!) {
        createTicket(input: $input) { secret ticket { id reference } userErrors { code } } }""", {"input": {
        "channel": "PHONE", "categoryId": categories["ROAD_POTHOLE"],
        "description": "Cumhuriyet Caddesi üzerinde büyük bir çukur var.", "contact": CONTACT}})
    return {**payload["ticket"], "secret": payload["secret"]}


async def _timeline(staff: GraphQLClient, ticket: dict[str, Any]) -> list[dict[str, Any]]:
    edges = (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["timeline"]["edges"]
    return [e["node"] for e in edges]


async def test_staff_see_phone_and_email_masked(staff: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    contact = (await staff.data(CONTACT_OF, {"id": ticket["id"]}))["node"]["contact"]
    assert (contact["name"], contact["phone"], contact["email"]) == ("Ayşe Yılmaz", MASKED_PHONE, MASKED_EMAIL)


async def test_ticket_lists_mask_them_too(staff: GraphQLClient) -> None:
    await _ticket(staff)
    body = await staff.data("{ tickets(first: 5) { edges { node { contact { phone email } } } } }")
    assert body["tickets"]["edges"] == [{"node": {"contact": {"phone": MASKED_PHONE, "email": MASKED_EMAIL}}}]
    assert PHONE[-7:] not in str(body) and "yilmaz" not in str(body)


async def test_reveal_with_a_reason_returns_the_full_details(staff: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    payload = await staff.mutate("revealContact", REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}})
    assert payload["contact"] == {"name": "Ayşe Yılmaz", "phone": PHONE, "email": EMAIL}


async def test_a_reveal_is_audited_with_who_which_ticket_and_why(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await _ticket(staff)
    await staff.mutate("revealContact", REVEAL, {"input": {"ticketId": ticket["id"], "reason": f"  {WHY} "}})
    operator = await scalar(engine, "SELECT id FROM users WHERE email = 'operator@example.org'")
    ticket_pk = await scalar(engine, "SELECT id FROM tickets WHERE reference = :r", r=ticket["reference"])
    rows = await audit_rows(engine, "CONTACT_REVEALED")
    assert [(r["actor_user_id"], r["actor_label"], r["target_type"], r["target_id"], r["reason"], r["address"])
            for r in rows] == [(operator, "Ayşe Operatör", "Ticket", ticket_pk, WHY, "127.0.0.1")]


async def test_a_reveal_leaves_an_internal_timeline_entry(staff: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    await staff.mutate("revealContact", REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}})
    entry = (await _timeline(staff, ticket))[-1]
    assert (entry["type"], entry["public"], entry["message"], entry["actorLabel"], entry["actor"]) == (
        "CONTACT_REVEALED", False, WHY, "Ayşe Operatör", {"name": "Ayşe Operatör"})


async def test_the_citizen_does_not_see_the_reveal(staff: GraphQLClient, client: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    await staff.mutate("revealContact", REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}})
    tracked = (await client.data(TRACK, {"reference": ticket["reference"], "secret": ticket["secret"]}))
    assert [e["type"] for e in tracked["trackRequest"]["timeline"]] == ["CREATED"]
    assert "adres tarifi" not in str(tracked)


async def test_a_reveal_does_not_bump_the_ticket_version(staff: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    before = (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["version"]
    await staff.mutate("revealContact", REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}})
    assert (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["version"] == before


async def _refused_reveal(staff: GraphQLClient, engine: AsyncEngine, reason: str) -> list[dict[str, Any]]:
    ticket = await _ticket(staff)
    before = await database_snapshot(engine)
    payload = (await staff.data(REVEAL, {"input": {"ticketId": ticket["id"], "reason": reason}}))["revealContact"]
    assert payload["contact"] is None
    assert await audit_rows(engine, "CONTACT_REVEALED") == []
    assert await database_snapshot(engine) == before
    errors: list[dict[str, Any]] = payload["userErrors"]
    return errors


async def test_a_reveal_without_a_reason_is_refused_and_leaves_no_trace(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    errors = await _refused_reveal(staff, engine, "   ")
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "reason"], "REQUIRED")]


async def test_a_reveal_with_a_too_short_reason_is_refused_and_leaves_no_trace(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    errors = await _refused_reveal(staff, engine, " ara ")
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "reason"], "INVALID")]


async def test_a_viewer_may_not_reveal(app: Any, staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await _ticket(staff)
    viewer = await signed_in(app, engine, "viewer@example.org", "Veli İzleyici", StaffRole.VIEWER)
    try:
        body = await viewer.execute(REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}})
    finally:
        await viewer.http.aclose()
    assert body["data"] is None and error_code(body) == "FORBIDDEN"
    assert PHONE not in str(body)
    assert await audit_rows(engine, "CONTACT_REVEALED") == []


async def test_an_agent_may_not_reveal_another_departments_citizen(
    app: Any, staff: GraphQLClient, engine: AsyncEngine
) -> None:
    ticket = await _ticket(staff)  # a pothole: FEN's
    agent = await signed_in(app, engine, "zabita@example.org", "Zabıta Memuru", StaffRole.AGENT, "ZABITA")
    try:
        payload = (await agent.data(REVEAL, {"input": {"ticketId": ticket["id"], "reason": WHY}}))["revealContact"]
    finally:
        await agent.http.aclose()
    assert payload["contact"] is None and [e["code"] for e in payload["userErrors"]] == ["NOT_FOUND"]
    assert await audit_rows(engine, "CONTACT_REVEALED") == []


async def test_internal_notes_never_reach_the_citizen(staff: GraphQLClient, client: GraphQLClient) -> None:
    ticket = await _ticket(staff)
    await staff.mutate("addInternalNote", NOTE, {"input": {
        "ticketId": ticket["id"], "body": "İÇ NOT: vatandaş daha önce de şikâyet etmiş"}})
    tracked = (await client.data(TRACK, {"reference": ticket["reference"], "secret": ticket["secret"]}))
    assert [e["type"] for e in tracked["trackRequest"]["timeline"]] == ["CREATED"]
    assert "İÇ NOT" not in str(tracked)
    assert (await _timeline(staff, ticket))[-1]["type"] == "INTERNAL_NOTE"  # staff do see it
