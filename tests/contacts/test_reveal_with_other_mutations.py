"""revealContact commits in a transaction of its own while the request's is still open; in one
document after another mutation of the same ticket it must not wait on the request's own lock."""

import asyncio
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.auth.helpers import audit_rows, scalar
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket
from tests.tickets.queries import TIMELINE

WHY = "Vatandaşı arayıp adres tarifi alacağım."
REVEALED = {"name": "Ali Veli", "phone": "+905321234567", "email": None}

REVEAL = """
mutation($id: ID!, $why: String!) {
  revealContact(input: {ticketId: $id, reason: $why}) { contact { name phone email } userErrors { code } }
}
"""

NOTE_THEN_REVEAL = """
mutation($id: ID!, $why: String!) {
  addInternalNote(input: {ticketId: $id, body: "Vatandaş aranacak."}) { userErrors { code } }
  revealContact(input: {ticketId: $id, reason: $why}) { contact { name phone email } userErrors { code } }
}
"""

STATUS_THEN_REVEAL = """
mutation($id: ID!, $why: String!) {
  changeTicketStatus(input: {ticketId: $id, status: IN_PROGRESS, expectedVersion: 1}) { userErrors { code } }
  revealContact(input: {ticketId: $id, reason: $why}) { contact { name phone email } userErrors { code } }
}
"""

# Long enough for a slow machine, far shorter than the wait it guards against (which ended only
# when PostgreSQL dropped the request's idle transaction, after minutes).
DEADLINE = 15


async def _post_in_time(staff: GraphQLClient, document: str, ticket: dict[str, Any]) -> dict[str, Any]:
    async with asyncio.timeout(DEADLINE):
        response = await staff.http.post("/graphql", headers=staff.headers(), json={
            "query": document, "variables": {"id": ticket["id"], "why": WHY}})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert not body.get("errors"), body["errors"]
    data: dict[str, Any] = body["data"]
    return data


@pytest.mark.parametrize(("document", "first", "expected"), [
    (NOTE_THEN_REVEAL, "addInternalNote", ["CREATED", "INTERNAL_NOTE", "CONTACT_REVEALED"]),
    (STATUS_THEN_REVEAL, "changeTicketStatus", ["CREATED", "STATUS_CHANGED", "CONTACT_REVEALED"]),
], ids=["note", "status"])
async def test_a_reveal_after_a_change_to_the_same_ticket_completes(
    staff: GraphQLClient, engine: AsyncEngine, document: str, first: str, expected: list[str],
) -> None:
    ticket = await new_ticket(staff, contact={"name": "Ali Veli", "phone": "05321234567"}, replyChannel="SMS")

    data = await _post_in_time(staff, document, ticket)

    assert data[first]["userErrors"] == []
    assert data["revealContact"] == {"contact": REVEALED, "userErrors": []}
    timeline = (await staff.data(TIMELINE, {"id": ticket["id"]}))["node"]["timeline"]["edges"]
    assert [e["node"]["type"] for e in timeline] == expected
    ticket_pk = await scalar(engine, "SELECT id FROM tickets WHERE reference = :r", r=ticket["reference"])
    assert [(r["target_id"], r["reason"]) for r in await audit_rows(engine, "CONTACT_REVEALED")] == [(ticket_pk, WHY)]


async def test_a_reveal_does_not_touch_the_ticket_row(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await new_ticket(staff, contact={"name": "Ali Veli", "phone": "05321234567"}, replyChannel="SMS")
    query = "SELECT updated_at FROM tickets WHERE reference = :r"
    before = await scalar(engine, query, r=ticket["reference"])

    await _post_in_time(staff, REVEAL, ticket)

    assert await scalar(engine, query, r=ticket["reference"]) == before
