"""Citizens track their own request with reference + secret, and see only public fields."""

from typing import Any

from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CREATE, FIND, NOTE, REPLY, ROUTE, SUBMIT, TRACK


async def _submit(client: GraphQLClient, **extra: Any) -> dict[str, Any]:
    categories = await category_ids(client)
    return await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["STRAY_ANIMAL"], "description": "Parkta yaralı bir köpek var.", **extra}})


async def test_wrong_secret_and_unknown_reference_look_the_same(client: GraphQLClient) -> None:
    submitted = await _submit(client)
    wrong_secret = await client.execute(TRACK, {"reference": submitted["reference"], "secret": "x" * 24})
    unknown = await client.execute(TRACK, {"reference": "TST-2026-999999", "secret": submitted["secret"]})
    assert wrong_secret == unknown
    assert wrong_secret["data"] == {"trackRequest": None} and "errors" not in wrong_secret


async def test_reference_is_matched_case_insensitively(client: GraphQLClient) -> None:
    submitted = await _submit(client)
    found = await client.data(TRACK, {"reference": submitted["reference"].lower(), "secret": submitted["secret"]})
    assert found["trackRequest"]["reference"] == submitted["reference"]


async def test_citizen_never_sees_internal_notes_or_routing_notes(client: GraphQLClient, staff: GraphQLClient) -> None:
    submitted = await _submit(client)
    ticket = (await staff.data(FIND, {"text": submitted["reference"]}))["tickets"]["edges"][0]["node"]
    departments = {e["node"]["code"]: e["node"]["id"] for e in (await staff.data(
        "{ departments { edges { node { id code } } } }"))["departments"]["edges"]}
    await staff.mutate("routeTicket", ROUTE, {"input": {
        "ticketId": ticket["id"], "departmentId": departments["VETERINER"], "note": "GİZLİ yönlendirme notu"}})
    await staff.mutate("addInternalNote", NOTE, {"input": {"ticketId": ticket["id"], "body": "GİZLİ iç not"}})
    await staff.mutate("replyToCitizen", REPLY, {"input": {"ticketId": ticket["id"], "body": "Ekibimiz yolda."}})
    tracked = (await client.data(TRACK, {"reference": submitted["reference"], "secret": submitted["secret"]}))
    rendered = str(tracked)
    assert "GİZLİ" not in rendered
    entries = tracked["trackRequest"]["timeline"]
    assert [e["type"] for e in entries] == ["CREATED", "ROUTED", "PUBLIC_REPLY"]
    assert entries[-1]["message"] == "Ekibimiz yolda."


async def test_tracked_request_exposes_no_personal_or_staff_fields(client: GraphQLClient) -> None:
    body = await client.execute("""query($r: String!, $s: String!) {
      trackRequest(reference: $r, secret: $s) { contact { phone } } }""", {"r": "X", "s": "Y"})
    assert "Cannot query field 'contact'" in body["errors"][0]["message"]


async def test_idempotent_submission_returns_the_same_reference_and_secret(client: GraphQLClient) -> None:
    first = await _submit(client, idempotencyKey="form-7f3a0c1e-5d2b-4c8e-9a61-0f2d3b4c5a6e")
    again = await _submit(client, idempotencyKey="form-7f3a0c1e-5d2b-4c8e-9a61-0f2d3b4c5a6e")
    assert (again["reference"], again["secret"]) == (first["reference"], first["secret"])
    other = await _submit(client, idempotencyKey="form-9b1c7e2a-1f4d-4b3c-8e5f-6a7b8c9d0e1f")
    assert other["reference"] != first["reference"] and other["secret"] != first["secret"]


async def test_external_remit_request_is_forwarded_and_the_citizen_told(client: GraphQLClient) -> None:
    categories = await category_ids(client)
    submitted = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["STREET_LIGHTING"], "description": "Sokak lambası yanmıyor."}})
    tracked = (await client.data(TRACK, {"reference": submitted["reference"], "secret": submitted["secret"]}))
    request = tracked["trackRequest"]
    assert request["status"] == "FORWARDED" and request["statusLabel"] == "Başka kuruma yönlendirildi"
    assert "EDAŞ" in request["timeline"][-1]["message"]


async def test_status_labels_in_english_on_request(client: GraphQLClient) -> None:
    submitted = await _submit(client)
    body = await client.data("""query($r: String!, $s: String!) {
      trackRequest(reference: $r, secret: $s) { statusLabel(language: EN) categoryName(language: EN) } }""",
        {"r": submitted["reference"], "s": submitted["secret"]})
    assert body["trackRequest"] == {"statusLabel": "Received", "categoryName": "Stray or injured animal"}


async def test_a_short_idempotency_key_is_refused_without_an_api_key(client: GraphQLClient) -> None:
    categories = await category_ids(client)
    payload = (await client.data(SUBMIT, {"input": {
        "categoryId": categories["STRAY_ANIMAL"], "description": "Parkta yaralı bir köpek var.",
        "idempotencyKey": "form-1"}}))["submitRequest"]
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "idempotencyKey"], "INVALID")]


async def test_staff_reusing_a_citizens_key_get_their_own_ticket_not_the_citizens(
    client: GraphQLClient, staff: GraphQLClient
) -> None:
    """A key is only a retry token for whoever presented it: staff of another department
    replaying a citizen's key must not receive that citizen's ticket or secret."""
    key = "ortak-anahtar-0123456789abcdef"
    citizen = await _submit(client, idempotencyKey=key)
    categories = await category_ids(staff)
    created = await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "WEB", "categoryId": categories["NOISE"], "description": "Başka bir şikâyet.",
        "idempotencyKey": key}})
    assert created["ticket"]["reference"] != citizen["reference"]
    assert created["secret"] != citizen["secret"]


async def test_the_same_submission_sent_twice_at_once_is_one_request(client: GraphQLClient) -> None:
    """A form that retries before the first answer arrives: both answers name one request."""
    import asyncio

    key = "yeniden-deneme-5f1c2a9e-8b7d-4e3f"
    first, second = await asyncio.gather(_submit(client, idempotencyKey=key), _submit(client, idempotencyKey=key))
    assert (first["reference"], first["secret"]) == (second["reference"], second["secret"])


async def test_a_key_reused_for_a_different_request_is_refused(client: GraphQLClient) -> None:
    key = "farkli-istek-3c9e1b7a-2d4f-4a8e-b6c5"
    await _submit(client, idempotencyKey=key)
    categories = await category_ids(client)
    payload = (await client.data(SUBMIT, {"input": {
        "categoryId": categories["STRAY_ANIMAL"], "description": "Başka bir şey: sokak lambası yanmıyor.",
        "idempotencyKey": key}}))["submitRequest"]
    assert payload["reference"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "idempotencyKey"], "DUPLICATE_KEY")]
