"""Staff split a follow-up off into a ticket of its own; whoever may not change the ticket cannot."""

import time
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from cozum.kit.relay import to_global_id
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.whatsapp.helpers import Watcher, post, rows, settled, variant

SPLIT = """
mutation($input: SplitWhatsAppMessageInput!) {
  splitWhatsAppMessage(input: $input) {
    ticket { id reference channel replyChannel
             whatsappMessages { id type splitFromTicket { reference } attachment { kind } } }
    userErrors { field code message }
  }
}
"""
THREAD = "query($id: ID!) { node(id: $id) { ... on Ticket { whatsappMessages { id type } } } }"


async def _conversation(http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher) -> dict[str, Any]:
    now = time.time()
    for name, wamid, at in (("text", "wamid.S1", now), ("image", "wamid.S2", now + 60)):
        assert (await post(http, variant(name, wamid, at))).status_code == 200
        await settled(engine, processor)
    [ticket] = await rows(engine, "SELECT id, reference, contact_id FROM tickets")
    messages = await rows(engine, "SELECT id, attachment_id FROM whatsapp_messages ORDER BY sent_at")
    return {"ticket": ticket, "messages": messages}


async def test_a_follow_up_split_off_takes_its_attachment_to_a_new_ticket(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, staff: GraphQLClient
) -> None:
    known = await _conversation(http, engine, processor)
    source, (first, photo) = known["ticket"], known["messages"]
    payload = await staff.mutate("splitWhatsAppMessage", SPLIT, {
        "input": {"messageId": to_global_id("WhatsAppMessage", photo["id"])}})
    ticket = payload["ticket"]
    assert (ticket["channel"], ticket["replyChannel"]) == ("WHATSAPP", "WHATSAPP")
    [moved] = ticket["whatsappMessages"]
    assert moved["type"] == "IMAGE" and moved["attachment"] == {"kind": "PHOTO"}
    assert moved["splitFromTicket"] == {"reference": source["reference"]}
    left = await staff.data(THREAD, {"id": to_global_id("Ticket", source["id"])})
    assert [m["id"] for m in left["node"]["whatsappMessages"]] == [to_global_id("WhatsAppMessage", first["id"])]
    [new] = await rows(engine, "SELECT id, contact_id FROM tickets WHERE reference = :r", r=ticket["reference"])
    assert new["contact_id"] == source["contact_id"]
    [attachment] = await rows(engine, "SELECT ticket_id FROM attachments WHERE id = :id", id=photo["attachment_id"])
    assert attachment["ticket_id"] == new["id"]
    splits = await rows(engine, "SELECT ticket_id, public FROM ticket_events WHERE type = 'MESSAGE_SPLIT' ORDER BY id")
    assert splits == [{"ticket_id": source["id"], "public": False}, {"ticket_id": new["id"], "public": False}]

    # The message that opened a ticket has nothing to be split from.
    again = (await staff.data(SPLIT, {"input": {"messageId": to_global_id("WhatsAppMessage", photo["id"])}}))
    assert [e["code"] for e in again["splitWhatsAppMessage"]["userErrors"]] == ["INVALID"]


async def test_whoever_may_not_change_the_ticket_cannot_split_its_messages(
    app: Any, http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    known = await _conversation(http, engine, processor)
    variables = {"input": {"messageId": to_global_id("WhatsAppMessage", known["messages"][1]["id"])}}
    agent = await signed_in(app, engine, "agent@example.org", "Ali Ajan", StaffRole.AGENT, "BASIN")
    manager = await signed_in(app, engine, "fen@example.org", "Fatma Fen", StaffRole.MANAGER, "FEN")
    anonymous = GraphQLClient(http)
    try:
        refused = await agent.execute(SPLIT, variables)  # may work the ticket, may not make tickets
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        other = await manager.data(SPLIT, variables)  # another department's ticket: as if missing
        assert [e["code"] for e in other["splitWhatsAppMessage"]["userErrors"]] == ["NOT_FOUND"]
        assert (await anonymous.execute(SPLIT, variables))["errors"]
    finally:
        await agent.http.aclose()
        await manager.http.aclose()
    assert len(await rows(engine, "SELECT id FROM tickets")) == 1
    assert await rows(engine, "SELECT id FROM ticket_events WHERE type = 'MESSAGE_SPLIT'") == []
