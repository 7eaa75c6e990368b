"""Every public change reaches the citizen by e-mail, through a real SMTP server, in their language."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import Running, rows, submit
from tests.notifications.receivers import MailInbox
from tests.tickets.helpers import department_ids
from tests.tickets.queries import CHANGE_STATUS, FIND, MERGE, REOPEN, REPLY, ROUTE, TIMELINE

REPLY_TEXT = "Ekiplerimiz yarın sabah bölgede olacak."
RESOLUTION = "Çukur asfaltla kapatıldı."
REJECTION = "Bu yol belediyemizin değil, Karayolları'nın sorumluluğundadır."
INSTITUTION = "Karayolları Genel Müdürlüğü"


async def _ticket(staff: GraphQLClient, reference: str) -> dict[str, Any]:
    node: dict[str, Any] = (await staff.data(FIND, {"text": reference}))["tickets"]["edges"][0]["node"]
    return node


async def _status(staff: GraphQLClient, ticket_id: str, version: int, status: str, **extra: str) -> int:
    changed = await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket_id, "status": status, "expectedVersion": version, **extra,
    }})
    return int(changed["ticket"]["version"])


async def _reopen(staff: GraphQLClient, ticket_id: str) -> int:
    reopened = await staff.mutate("reopenTicket", REOPEN, {"input": {"ticketId": ticket_id, "reason": "Yeniden bakılacak."}})
    return int(reopened["ticket"]["version"])


async def test_each_public_change_reaches_the_citizen_by_email_with_reference_and_link(
    client: GraphQLClient, staff: GraphQLClient, inbox: MailInbox, worker: Running, engine: AsyncEngine
) -> None:
    submitted = await submit(client, email="mehmet@example.org")
    reference, secret = submitted["reference"], submitted["secret"]
    ticket = await _ticket(staff, reference)
    ticket_id = ticket["id"]
    routed = await staff.mutate("routeTicket", ROUTE, {"input": {
        "ticketId": ticket_id, "departmentId": (await department_ids(staff))["FEN"],
    }})
    await staff.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket_id, "body": REPLY_TEXT}})
    version = await _status(staff, ticket_id, routed["ticket"]["version"], "RESOLVED", reason=RESOLUTION)
    version = await _reopen(staff, ticket_id)
    version = await _status(staff, ticket_id, version, "REJECTED", reason=REJECTION)
    version = await _reopen(staff, ticket_id)
    await _status(staff, ticket_id, version, "FORWARDED", institution=INSTITUTION)

    mails = await inbox.wait_for(8)
    link = f"http://localhost:8000/track#r={reference}&s={secret}"
    for mail in mails:
        assert mail["To"] == "mehmet@example.org" and mail["Content-Language"] == "tr"
        assert reference in mail["Subject"]
        body = mail.get_content()
        assert reference in body and link in body
    # In the order of the changes: a ticket's messages never overtake each other.
    assert [m["Subject"].removesuffix(f" ({reference})") for m in mails] == [
        "Başvurunuz alındı", "Başvurunuz ilgili birime iletildi", "Başvurunuza yanıt", "Başvurunuz sonuçlandı",
        "Başvurunuz yeniden işleme alındı", "Başvurunuz hakkında", "Başvurunuz yeniden işleme alındı",
        "Başvurunuz yetkili kuruma iletildi",
    ]
    bodies = [m.get_content() for m in mails]
    assert "Durumu: Alındı" in bodies[0]
    assert "Fen İşleri Müdürlüğü" in bodies[1] and "Durumu: İlgili birime iletildi" in bodies[1]
    assert REPLY_TEXT in bodies[2]
    assert RESOLUTION in bodies[3] and "1 (hiç memnun değilim) ile 5 (çok memnunum)" in bodies[3]
    assert REJECTION in bodies[5]
    assert INSTITUTION in bodies[7]

    await worker.settled(8)
    sent = await rows(engine, "SELECT kind, status, attempts, idempotency_key FROM outbox ORDER BY id")
    assert [r["kind"] for r in sent] == [
        "RECEIVED", "ROUTED", "REPLY", "RESOLVED", "REOPENED", "REJECTED", "REOPENED", "FORWARDED",
    ]
    assert all(r["status"] == "SENT" and r["attempts"] == 1 for r in sent)
    # The Message-ID is the idempotency key's: a resend after a crash is the same message.
    assert [m["Message-ID"] for m in mails] == [f"<{r['idempotency_key']}@cozum>" for r in sent]
    assert [m["X-Cozum-Idempotency-Key"] for m in mails] == [r["idempotency_key"] for r in sent]

    timeline = (await staff.data(TIMELINE, {"id": ticket_id}))["node"]["timeline"]["edges"]
    deliveries = [e["node"] for e in timeline if e["node"]["type"] == "NOTIFICATION_SENT"]
    assert len(deliveries) == 8 and not any(d["public"] for d in deliveries)


async def test_a_request_filed_in_english_is_answered_in_english(
    client: GraphQLClient, staff: GraphQLClient, inbox: MailInbox, worker: Running
) -> None:
    submitted = await submit(client, language="EN", email="jane@example.org")
    reference = submitted["reference"]
    [mail] = await inbox.wait_for(1)
    assert mail["Subject"] == f"We have received your request ({reference})"
    assert mail["Content-Language"] == "en"
    body = mail.get_content()
    assert body.startswith(f"Dear citizen, we have received your request {reference}. Status: Received.")
    assert f"/track#r={reference}&s={submitted['secret']}" in body


async def test_a_merged_request_is_told_which_one_it_joined(
    client: GraphQLClient, staff: GraphQLClient, inbox: MailInbox, worker: Running
) -> None:
    first = await submit(client, email="ayse@example.org")
    second = await submit(client, language="EN", email="john@example.org")
    target, source = await _ticket(staff, first["reference"]), await _ticket(staff, second["reference"])
    await staff.mutate("mergeTickets", MERGE, {"input": {"targetId": target["id"], "sourceIds": [source["id"]]}})
    mails = await inbox.wait_for(3)
    [merged] = [m for m in mails if m["To"] == "john@example.org" and "merged" in m["Subject"]]
    assert f"about the same matter: {first['reference']}." in merged.get_content()
