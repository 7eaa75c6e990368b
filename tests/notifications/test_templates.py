"""Administrators edit the wording; the next message uses it; bad templates are refused."""

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import RESET_TEMPLATE, TEMPLATES, UPDATE_TEMPLATE, Running, rows, submit
from tests.notifications.receivers import MailInbox
from tests.tickets.queries import CHANGE_STATUS, FIND

CUSTOM = {
    "kind": "RESOLVED", "language": "TR", "subject": "Talebiniz tamamlandı: {reference}",
    "body": "Merhaba, {reference} numaralı talebiniz tamamlandı ({status}).\n{message}\nPuanlayın: {link}",
}


async def test_every_kind_and_language_is_listed_with_its_placeholders(admin: GraphQLClient) -> None:
    templates = (await admin.data(TEMPLATES))["messageTemplates"]
    assert len(templates) == 16 and not any(t["custom"] for t in templates)
    by_key = {(t["kind"], t["language"]): t for t in templates}
    assert by_key[("RESOLVED", "TR")]["placeholders"] == ["reference", "link", "status", "department", "message"]
    assert by_key[("FORWARDED", "EN")]["placeholders"][-1] == "institution"
    assert by_key[("DUPLICATE", "EN")]["placeholders"][-1] == "mergedInto"
    assert by_key[("RECEIVED", "EN")]["subject"] == "We have received your request ({reference})"


async def test_an_edited_template_is_used_by_the_next_message_and_audited(
    admin: GraphQLClient, client: GraphQLClient, staff: GraphQLClient, inbox: MailInbox, worker: Running,
    engine: AsyncEngine,
) -> None:
    updated = await admin.mutate("updateMessageTemplate", UPDATE_TEMPLATE, {"input": CUSTOM})
    assert updated["template"]["custom"] is True and updated["template"]["updatedAt"]
    submitted = await submit(client, email="mehmet@example.org")
    ticket = (await staff.data(FIND, {"text": submitted["reference"]}))["tickets"]["edges"][0]["node"]
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "expectedVersion": ticket["version"], "reason": "Onarıldı.",
    }})
    received, resolved = await inbox.wait_for(2)
    reference = submitted["reference"]
    assert received["Subject"] == f"Başvurunuz alındı ({reference})"  # the other kinds keep the built-in wording
    assert resolved["Subject"] == f"Talebiniz tamamlandı: {reference}"
    assert resolved.get_content().replace("\r\n", "\n") == (
        f"Merhaba, {reference} numaralı talebiniz tamamlandı (Sonuçlandı).\nOnarıldı.\n"
        f"Puanlayın: http://localhost:8000/track#r={reference}&s={submitted['secret']}\n"
    )
    [entry] = await rows(engine, "SELECT actor_label, reason, data FROM audit_log WHERE action = 'MESSAGE_TEMPLATE_UPDATED'")
    assert entry["actor_label"] == "Zeynep Yönetici" and entry["reason"] == "RESOLVED TR"
    assert entry["data"]["after"]["subject"] == CUSTOM["subject"]
    assert entry["data"]["before"]["subject"] == "Başvurunuz sonuçlandı ({reference})"


async def test_resetting_brings_back_the_built_in_wording(admin: GraphQLClient, engine: AsyncEngine) -> None:
    await admin.mutate("updateMessageTemplate", UPDATE_TEMPLATE, {"input": CUSTOM})
    reset = await admin.mutate("resetMessageTemplate", RESET_TEMPLATE, {"input": {"kind": "RESOLVED", "language": "TR"}})
    assert reset["template"]["custom"] is False and reset["template"]["subject"] == "Başvurunuz sonuçlandı ({reference})"
    assert await rows(engine, "SELECT id FROM message_templates") == []
    actions = [r["action"] for r in await rows(engine, "SELECT action FROM audit_log WHERE action LIKE 'MESSAGE%' ORDER BY id")]
    assert actions == ["MESSAGE_TEMPLATE_UPDATED", "MESSAGE_TEMPLATE_RESET"]


@pytest.mark.parametrize(("change", "code", "field"), [
    ({"body": "{reference} {link} Sayın {citizenName}"}, "UNKNOWN_PLACEHOLDER", "body"),
    ({"body": "{reference} {link} {institution}"}, "UNKNOWN_PLACEHOLDER", "body"),  # FORWARDED's, not RESOLVED's
    ({"body": "{reference} {link.__class__}"}, "UNKNOWN_PLACEHOLDER", "body"),
    ({"subject": "Sonuç {secret}"}, "UNKNOWN_PLACEHOLDER", "subject"),
    ({"body": "{reference} sonuçlandı."}, "REQUIRED", "body"),
    ({"body": "Sonuçlandı: {link}"}, "REQUIRED", "body"),
    ({"subject": "  "}, "REQUIRED", "subject"),
    ({"subject": "x" * 201}, "TOO_LONG", "subject"),
    ({"body": "{reference} {link}" + "x" * 2000}, "TOO_LONG", "body"),
    ({"subject": "Satır\nBcc: herkes@example.org"}, "INVALID", "subject"),
])
async def test_a_bad_template_is_refused_and_nothing_is_stored(
    admin: GraphQLClient, engine: AsyncEngine, change: dict[str, str], code: str, field: str
) -> None:
    payload = (await admin.data(UPDATE_TEMPLATE, {"input": {**CUSTOM, **change}}))["updateMessageTemplate"]
    assert payload["template"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])]
    assert await rows(engine, "SELECT id FROM message_templates") == []
    assert await rows(engine, "SELECT id FROM audit_log WHERE action LIKE 'MESSAGE%'") == []


async def test_staff_other_than_administrators_may_not_edit_templates(staff: GraphQLClient, engine: AsyncEngine) -> None:
    body = await staff.execute(UPDATE_TEMPLATE, {"input": CUSTOM})
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert (await staff.execute(TEMPLATES))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await rows(engine, "SELECT id FROM message_templates") == []
