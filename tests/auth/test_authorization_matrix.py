"""Every root field × every kind of caller: allowed or refused exactly as the table says.

The table below is written by hand from the product's roles and scopes. The schema is
enumerated, so a new field without an entry here (or without a declared rule) fails.
"""

import json
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.actor import Actor
from cozum.auth.guard import declared_permission
from cozum.auth.models import StaffRole
from cozum.auth.permissions import ROLE_PERMISSIONS, SCOPE_PERMISSIONS, ApiScope
from cozum.contacts.service import ContactDetails
from cozum.kit.relay import to_global_id
from cozum.schema import schema
from tests.auth.actors import ACTOR_KINDS, KeyClient, client_for
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import SubscriptionEnded, serving, subscribe
from tests.tickets.factories import category_id, new_ticket, operator

STAFF = {"ADMIN", "OPERATOR", "AGENT", "MANAGER", "VIEWER"}
EVERYONE = {"anonymous", *STAFF, *(f"key:{s.value}" for s in ApiScope)}
PUBLIC_READERS = {"anonymous", *STAFF, "key:READ_PUBLIC"}
TICKET_READERS = {"ADMIN", "OPERATOR", "AGENT", "MANAGER", "key:READ_DEPARTMENT", "key:READ_ALL"}
TICKET_WORKERS = {"ADMIN", "OPERATOR", "AGENT", "MANAGER", "key:WRITE_TICKETS"}
ROUTERS = {"ADMIN", "OPERATOR", "MANAGER", "key:WRITE_TICKETS"}

ALLOWED: dict[str, set[str]] = {
    "Query.node": EVERYONE,
    "Query.me": EVERYONE,
    "Query.departments": PUBLIC_READERS,
    "Query.categories": PUBLIC_READERS,
    "Query.trackRequest": PUBLIC_READERS,
    "Query.tickets": TICKET_READERS,
    "Query.apiKeys": {"ADMIN"},
    "Query.staffUsers": {"ADMIN"},
    "Query.assignableStaff": TICKET_WORKERS,
    "Query.auditLog": {"ADMIN"},
    "Query.messageTemplates": {"ADMIN"},
    "Mutation.updateMessageTemplate": {"ADMIN"},
    "Mutation.resetMessageTemplate": {"ADMIN"},
    "Query.webhookEndpoints": {"ADMIN"},
    "Mutation.createWebhookEndpoint": {"ADMIN"},
    "Mutation.updateWebhookEndpoint": {"ADMIN"},
    "Mutation.rotateWebhookSecret": {"ADMIN"},
    "Mutation.resendWebhookDelivery": {"ADMIN"},
    "Query.ticketCounts": TICKET_READERS,
    "Query.departmentStats": {"ADMIN", "MANAGER", "VIEWER"},
    "Query.savedViews": STAFF,
    "Mutation.saveView": STAFF,
    "Mutation.deleteView": STAFF,
    "Subscription.ticketViewers": STAFF,
    "Mutation.login": EVERYONE,
    "Mutation.logout": EVERYONE,
    "Mutation.logoutEverywhere": EVERYONE,
    "Mutation.submitRequest": {"anonymous", *STAFF, "key:SUBMIT"},
    "Mutation.reopenRequest": {"anonymous", *STAFF, "key:SUBMIT"},
    "Mutation.addRequestInformation": {"anonymous", *STAFF, "key:SUBMIT"},
    "Mutation.answerSatisfaction": {"anonymous", *STAFF, "key:SUBMIT"},
    "Mutation.addAttachment": TICKET_WORKERS,
    "Mutation.createTicket": ROUTERS,
    "Mutation.routeTicket": ROUTERS,
    "Mutation.reopenTicket": ROUTERS,
    "Mutation.mergeTickets": ROUTERS,
    "Mutation.splitWhatsAppMessage": ROUTERS,
    "Mutation.assignTicket": TICKET_WORKERS,
    "Mutation.changeTicketStatus": TICKET_WORKERS,
    "Mutation.addInternalNote": TICKET_WORKERS,
    "Mutation.replyToCitizen": TICKET_WORKERS,
    "Mutation.revealContact": {"ADMIN", "OPERATOR", "AGENT", "MANAGER"},
    "Mutation.createApiKey": {"ADMIN"},
    "Mutation.revokeApiKey": {"ADMIN"},
    "Mutation.createStaffUser": {"ADMIN"},
    "Mutation.updateStaffUser": {"ADMIN"},
    "Mutation.resetStaffPassword": {"ADMIN"},
    "Mutation.createDepartment": {"ADMIN"},
    "Mutation.updateDepartment": {"ADMIN"},
    "Mutation.createCategory": {"ADMIN"},
    "Mutation.updateCategory": {"ADMIN"},
    "Subscription.ticketEvents": {"ADMIN", "OPERATOR", "AGENT", "MANAGER", "key:SUBSCRIBE"},
    "Subscription.requestStatus": PUBLIC_READERS,
    "Subscription.liveStats": PUBLIC_READERS,
}

# One small operation per root field; what they do matters less than whether they may.
SAMPLES: dict[str, str] = {
    "Query.node": "query($t: ID!) { node(id: $t) { id } }",
    "Query.me": "{ me { id } }",
    "Query.departments": "{ departments(first: 1) { totalCount } }",
    "Query.categories": "{ categories(first: 1) { totalCount } }",
    "Query.trackRequest": '{ trackRequest(reference: "TST-2026-000001", secret: "nope") { status } }',
    "Query.tickets": "{ tickets(first: 1) { totalCount } }",
    "Query.apiKeys": "{ apiKeys(first: 1) { totalCount } }",
    "Query.staffUsers": "{ staffUsers(first: 1) { totalCount } }",
    "Query.assignableStaff": '{ assignableStaff(departmentId: "RGVwYXJ0bWVudDox") { id } }',
    "Query.auditLog": "{ auditLog(first: 1) { totalCount } }",
    "Query.messageTemplates": "{ messageTemplates { kind language custom } }",
    "Mutation.updateMessageTemplate": 'mutation { updateMessageTemplate(input: {kind: REPLY, language: EN, subject: "Re", body: "{reference} {link}"}) { userErrors { code } } }',
    "Mutation.resetMessageTemplate": "mutation { resetMessageTemplate(input: {kind: REPLY, language: EN}) { userErrors { code } } }",
    "Query.webhookEndpoints": "{ webhookEndpoints { id } }",
    "Mutation.splitWhatsAppMessage": 'mutation { splitWhatsAppMessage(input: {messageId: "V2hhdHNBcHBNZXNzYWdlOjk5OTk"}) { userErrors { code } } }',
    "Mutation.createWebhookEndpoint": 'mutation { createWebhookEndpoint(input: {name: "bi", url: "https://bi.example.org/", events: [CREATED]}) { userErrors { code } } }',
    "Mutation.updateWebhookEndpoint": 'mutation { updateWebhookEndpoint(input: {id: "V2ViaG9va0VuZHBvaW50Ojk5OTk", active: false}) { userErrors { code } } }',
    "Mutation.rotateWebhookSecret": 'mutation { rotateWebhookSecret(input: {id: "V2ViaG9va0VuZHBvaW50Ojk5OTk"}) { userErrors { code } } }',
    "Mutation.resendWebhookDelivery": 'mutation { resendWebhookDelivery(input: {id: "V2ViaG9va0RlbGl2ZXJ5Ojk5OTk"}) { userErrors { code } } }',
    "Query.ticketCounts": "{ ticketCounts { status count } }",
    "Query.departmentStats": "{ departmentStats { received } }",
    "Query.savedViews": "{ savedViews { id } }",
    "Mutation.saveView": 'mutation { saveView(input: {name: "Benim", query: "scope=open"}) { userErrors { code } } }',
    "Mutation.deleteView": 'mutation { deleteView(input: {id: "U2F2ZWRWaWV3Ojk5OTk"}) { userErrors { code } } }',
    # A ticket that does not exist: staff are let in and told so (NOT_FOUND), not refused.
    "Subscription.ticketViewers": 'subscription { ticketViewers(ticketId: "VGlja2V0Ojk5OTk5") { viewers { name } } }',
    "Mutation.login": 'mutation { login(input: {email: "x@example.org", password: "wrong-one"}) { userErrors { code } } }',
    "Mutation.submitRequest": "mutation($c: ID!) { submitRequest(input: {categoryId: $c, description: \"Çöp\"}) { reference } }",
    "Mutation.reopenRequest": "mutation { reopenRequest(input: {reference: \"X\", secret: \"Y\", reason: \"Hâlâ\"}) { userErrors { code } } }",
    "Mutation.addRequestInformation": 'mutation { addRequestInformation(input: {reference: "X", secret: "Y", message: "Ek"}) { userErrors { code } } }',
    "Mutation.answerSatisfaction": 'mutation { answerSatisfaction(input: {reference: "X", secret: "Y", score: 5}) { userErrors { code } } }',
    # Sent as a multipart request with a file that is not an image: let in, it is refused as data.
    "Mutation.addAttachment": "mutation($t: ID!, $f: Upload!) { addAttachment(input: {ticketId: $t, file: $f}) { userErrors { code } } }",
    "Mutation.createTicket": "mutation($c: ID!) { createTicket(input: {channel: PHONE, categoryId: $c, description: \"Gürültü\"}) { ticket { id } } }",
    "Mutation.routeTicket": "mutation($t: ID!, $d: ID!) { routeTicket(input: {ticketId: $t, departmentId: $d}) { userErrors { code } } }",
    "Mutation.reopenTicket": "mutation($t: ID!) { reopenTicket(input: {ticketId: $t}) { userErrors { code } } }",
    "Mutation.mergeTickets": "mutation($t: ID!) { mergeTickets(input: {targetId: $t, sourceIds: [$t]}) { userErrors { code } } }",
    "Mutation.assignTicket": "mutation($t: ID!) { assignTicket(input: {ticketId: $t}) { userErrors { code } } }",
    "Mutation.changeTicketStatus": "mutation($t: ID!) { changeTicketStatus(input: {ticketId: $t, status: IN_PROGRESS, expectedVersion: 99}) { userErrors { code } } }",
    "Mutation.addInternalNote": "mutation($t: ID!) { addInternalNote(input: {ticketId: $t, body: \"not\"}) { userErrors { code } } }",
    "Mutation.replyToCitizen": "mutation($t: ID!) { replyToCitizen(input: {ticketId: $t, body: \"yanıt\"}) { userErrors { code } } }",
    "Mutation.revealContact": "mutation($t: ID!) { revealContact(input: {ticketId: $t, reason: \"Geri arama\"}) { userErrors { code } } }",
    "Mutation.createApiKey": 'mutation { createApiKey(input: {name: "bi", scopes: [READ_PUBLIC]}) { userErrors { code } } }',
    "Mutation.revokeApiKey": 'mutation { revokeApiKey(input: {id: "QXBpS2V5Ojk5OTk"}) { userErrors { code } } }',
    "Mutation.createStaffUser": 'mutation { createStaffUser(input: {email: "new@example.org", name: "Yeni", password: "long enough", role: AGENT}) { userErrors { code } } }',
    "Mutation.updateStaffUser": 'mutation { updateStaffUser(input: {id: "U3RhZmZVc2VyOjk5OTk", active: true}) { userErrors { code } } }',
    "Mutation.resetStaffPassword": 'mutation { resetStaffPassword(input: {id: "U3RhZmZVc2VyOjk5OTk"}) { userErrors { code } } }',
    "Mutation.createDepartment": 'mutation { createDepartment(input: {code: "DENEME", nameTr: "Deneme", nameEn: "Trial"}) { userErrors { code } } }',
    "Mutation.updateDepartment": 'mutation { updateDepartment(input: {id: "RGVwYXJ0bWVudDo5OTk5", nameTr: "Yok"}) { userErrors { code } } }',
    "Mutation.createCategory": 'mutation { createCategory(input: {code: "DENEME", nameTr: "Deneme", nameEn: "Trial"}) { userErrors { code } } }',
    "Mutation.updateCategory": 'mutation { updateCategory(input: {id: "Q2F0ZWdvcnk6OTk5OQ", active: false}) { userErrors { code } } }',
    "Subscription.ticketEvents": "subscription { ticketEvents { cursor } }",
    "Subscription.requestStatus": 'subscription { requestStatus(reference: "TST-2026-000001", secret: "nope") { status } }',
    "Subscription.liveStats": "subscription { liveStats { received } }",
    # Last: they end the caller's session.
    "Mutation.logoutEverywhere": "mutation { logoutEverywhere { ok } }",
    "Mutation.logout": "mutation { logout { ok } }",
}

REFUSAL_CODES = {"FORBIDDEN", "NOT_AUTHENTICATED"}


def root_fields() -> dict[str, Any]:
    fields = {}
    for root in ("Query", "Mutation", "Subscription"):
        definition = schema.get_type_by_name(root)
        for field in getattr(definition, "fields", []):
            fields[f"{root}.{field.graphql_name or schema.config.name_converter.apply_naming_config(field.python_name)}"] = field
    return fields


def test_every_root_field_has_a_rule_and_a_row_in_the_table() -> None:
    fields = root_fields()
    undeclared = [name for name, field in fields.items() if not declared_permission(field)[0]]
    assert undeclared == [], "declare a permission (or PUBLIC) for these fields"
    assert set(fields) == set(ALLOWED) == set(SAMPLES)


def test_the_code_table_matches_the_hand_written_one() -> None:
    for name, field in root_fields().items():
        _, permission = declared_permission(field)
        for kind in EVERYONE:
            if kind == "anonymous":
                granted = permission is None or permission in Actor(label="a").permissions
            elif kind.startswith("key:"):
                granted = permission is None or permission in SCOPE_PERMISSIONS[ApiScope(kind[4:])]
            else:
                granted = permission is None or permission in ROLE_PERMISSIONS[StaffRole(kind)]
            assert granted == (kind in ALLOWED[name]), (name, kind)


async def _variables(db: AsyncSession) -> dict[str, str]:
    actor = await operator(db, "setup@example.org", "Kurulum")
    ticket = await new_ticket(db, actor, "NOISE", contact=ContactDetails(phone="+905321112233"))
    await db.commit()
    return {
        "t": to_global_id("Ticket", ticket.id or 0),
        "c": to_global_id("Category", await category_id(db, "GARBAGE")),
        "d": to_global_id("Department", ticket.department_id or 0),
    }


async def _may_subscribe(base: str, client: GraphQLClient, document: str) -> bool:
    cookies = {"cozum_session": client.http.cookies["cozum_session"]} if "cozum_session" in client.http.cookies else None
    params = {"apiKey": client.key} if isinstance(client, KeyClient) else None
    async with subscribe(base, document, cookies=cookies, params=params) as stream:
        try:
            await stream.next(wait=1.5)
        except TimeoutError:
            return True  # let in, and waiting for events (a refusal arrives at once)
        except SubscriptionEnded as ended:
            codes = {(e.get("extensions") or {}).get("code") for e in ended.args[0].get("payload", [])}
            return not codes & REFUSAL_CODES
    return True


async def _upload(client: GraphQLClient, document: str, variables: dict[str, Any]) -> dict[str, Any]:
    operations = json.dumps({"query": document, "variables": {**variables, "f": None}})
    response = await client.http.post(
        "/graphql", headers=client.headers(), data={"operations": operations, "map": '{"0": ["variables.f"]}'},
        files={"0": ("note.jpg", b"not a picture", "image/jpeg")},
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _used(document: str, variables: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in variables.items() if f"${k}" in document}


@pytest.mark.parametrize("kind", ACTOR_KINDS)
async def test_each_caller_is_allowed_exactly_what_the_table_says(
    kind: str, app: Any, engine: AsyncEngine, db: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    variables = await _variables(db)
    client = await client_for(kind, app, engine, monkeypatch)
    outcomes = {}
    async with serving(app) as base:
        for name, document in SAMPLES.items():
            if name.startswith("Subscription."):
                outcomes[name] = await _may_subscribe(base, client, document)
    for name, document in SAMPLES.items():
        if name.startswith("Subscription."):
            continue
        body = await (_upload(client, document, _used(document, variables)) if "Upload" in document
                      else client.execute(document, _used(document, variables)))
        codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors", [])}
        # Either a clean answer or a refusal: any other error would hide the outcome.
        assert codes <= REFUSAL_CODES, (name, body)
        outcomes[name] = not codes
    expected = {name: kind in allowed for name, allowed in ALLOWED.items()}
    assert outcomes == expected
    await client.http.aclose()
