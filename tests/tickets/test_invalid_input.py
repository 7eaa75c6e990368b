"""Bad input is answered with a typed error, and the database is left exactly as it was."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids, new_ticket
from tests.tickets.queries import CHANGE_STATUS, CREATE, ROUTE, SUBMIT

UNKNOWN_CATEGORY = "Q2F0ZWdvcnk6OTk5OTk"  # Category:99999


async def _submit_errors(client: GraphQLClient, engine: AsyncEngine, input_: dict[str, Any]) -> list[dict[str, Any]]:
    before = await database_snapshot(engine)
    payload = (await client.data(SUBMIT, {"input": input_}))["submitRequest"]
    assert payload["reference"] is None and payload["secret"] is None
    assert await database_snapshot(engine) == before
    errors: list[dict[str, Any]] = payload["userErrors"]
    return errors


async def test_unknown_category_is_not_found(client: GraphQLClient, engine: AsyncEngine) -> None:
    errors = await _submit_errors(client, engine, {"categoryId": UNKNOWN_CATEGORY, "description": "Çöp alınmadı."})
    assert errors == [{"field": ["input", "categoryId"], "code": "NOT_FOUND", "message": "No such category."}]


@pytest.mark.parametrize("bad_id", ["not-base64!!", "", "RGVwYXJ0bWVudDox", "VGlja2V0Oi0x", "VGlja2V0OmFiYw"])
async def test_malformed_category_id_is_invalid_id(client: GraphQLClient, engine: AsyncEngine, bad_id: str) -> None:
    errors = await _submit_errors(client, engine, {"categoryId": bad_id, "description": "Çöp alınmadı."})
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_ID", ["input", "categoryId"])]


@pytest.mark.parametrize(
    ("override", "code", "field"),
    [
        ({"description": "x" * 5001}, "TOO_LONG", ["input", "description"]),
        ({"description": "   "}, "REQUIRED", ["input", "description"]),
        ({"title": "t" * 201}, "TOO_LONG", ["input", "title"]),
        ({"contact": {"phone": "12345"}}, "INVALID_PHONE", ["input", "contact", "phone"]),
        ({"contact": {"email": "not-an-address"}}, "INVALID_EMAIL", ["input", "contact", "email"]),
        ({"replyChannel": "SMS"}, "MISSING_CONTACT", ["input", "replyChannel"]),
        ({"location": {"latitude": 95.0, "longitude": 37.1}}, "INVALID", ["input", "location", "latitude"]),
        ({"location": {"latitude": 38.2}}, "INVALID", ["input", "location"]),
        ({"contact": {"name": "n" * 201}}, "TOO_LONG", ["input", "contact", "name"]),
        # 219 characters as typed, 433 once lower-cased: "İ".lower() is "i̇", two code points.
        ({"contact": {"email": "İ" * 64 + "@" + "İ" * 150 + ".com"}}, "INVALID_EMAIL", ["input", "contact", "email"]),
    ],
)
async def test_invalid_submission_is_refused_with_its_field(
    client: GraphQLClient, engine: AsyncEngine, override: dict[str, Any], code: str, field: list[str]
) -> None:
    categories = await category_ids(client)
    input_ = {"categoryId": categories["GARBAGE"], "description": "Konteyner taşıyor.", **override}
    errors = await _submit_errors(client, engine, input_)
    assert [(e["code"], e["field"]) for e in errors] == [(code, field)]


async def test_illegal_transition_changes_nothing(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await new_ticket(staff)
    before = await database_snapshot(engine)
    payload = (await staff.data(CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "SCHEDULED", "expectedVersion": ticket["version"],
    }}))["changeTicketStatus"]
    assert payload["ticket"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID_TRANSITION", ["input", "status"])]
    assert await database_snapshot(engine) == before


async def test_stale_version_is_a_conflict_and_changes_nothing(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await new_ticket(staff)
    await staff.mutate("changeTicketStatus", CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "IN_PROGRESS", "expectedVersion": ticket["version"],
    }})
    before = await database_snapshot(engine)
    payload = (await staff.data(CHANGE_STATUS, {"input": {
        "ticketId": ticket["id"], "status": "RESOLVED", "expectedVersion": ticket["version"],
    }}))["changeTicketStatus"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("VERSION_CONFLICT", ["input", "expectedVersion"])]
    assert await database_snapshot(engine) == before


async def test_over_long_note_on_routing_changes_nothing(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await new_ticket(staff)
    before = await database_snapshot(engine)
    payload = (await staff.data(ROUTE, {"input": {
        "ticketId": ticket["id"], "departmentId": "RGVwYXJ0bWVudDox", "note": "n" * 5001,
    }}))["routeTicket"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("TOO_LONG", ["input", "note"])]
    assert await database_snapshot(engine) == before


async def test_malformed_ticket_id_in_a_staff_mutation(staff: GraphQLClient, engine: AsyncEngine) -> None:
    before = await database_snapshot(engine)
    payload = (await staff.data(CHANGE_STATUS, {"input": {
        "ticketId": "%%%", "status": "RESOLVED", "expectedVersion": 1,
    }}))["changeTicketStatus"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID_ID", ["input", "ticketId"])]
    assert await database_snapshot(engine) == before


async def test_malformed_node_id_is_a_typed_top_level_error(staff: GraphQLClient) -> None:
    body = await staff.execute('{ node(id: "***") { id } }')
    assert body["data"] == {"node": None}
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ID"


async def test_malformed_cursor_is_a_typed_error(staff: GraphQLClient) -> None:
    body = await staff.execute('{ tickets(first: 2, after: "nonsense") { totalCount } }')
    assert body["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"


async def test_page_size_over_the_cap_is_refused(staff: GraphQLClient) -> None:
    body = await staff.execute("{ tickets(first: 101) { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_wrong_type_in_variables_is_a_graphql_error_not_a_500(client: GraphQLClient) -> None:
    body = await client.execute(SUBMIT, {"input": {"categoryId": 5, "description": ["x"]}})
    assert body["data"] is None and "description" in body["errors"][0]["message"]


async def test_a_failed_mutation_in_a_document_keeps_its_successful_sibling(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    categories = await category_ids(staff)
    document = """
    mutation($good: CreateTicketInput!, $bad: CreateTicketInput!) {
      good: createTicket(input: $good) { ticket { reference } userErrors { code } }
      bad: createTicket(input: $bad) { ticket { reference } userErrors { code } }
    }"""
    good = {"channel": "PHONE", "categoryId": categories["NOISE"], "description": "Gece gürültü."}
    data = await staff.data(document, {"good": good, "bad": {**good, "description": ""}})
    assert data["good"]["ticket"]["reference"] and data["bad"]["userErrors"] == [{"code": "REQUIRED"}]
    found = await staff.data("{ tickets { totalCount } }")
    assert found["tickets"]["totalCount"] == 1


async def test_merging_more_than_fifty_tickets_is_refused_not_truncated(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    from tests.tickets.queries import MERGE

    target = await new_ticket(staff, "NOISE")
    before = await database_snapshot(engine)
    sources = [target["id"]] * 51  # the count is judged before any id is looked at
    payload = (await staff.data(MERGE, {"input": {"targetId": target["id"], "sourceIds": sources}}))["mergeTickets"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("TOO_LONG", ["input", "sourceIds"])]
    assert await database_snapshot(engine) == before


@pytest.mark.parametrize("channel", ["PETITION", "CIMER"])
async def test_a_petition_or_cimer_ticket_needs_its_number(staff: GraphQLClient, engine: AsyncEngine, channel: str) -> None:
    categories = await category_ids(staff)
    before = await database_snapshot(engine)
    payload = (await staff.data(CREATE, {"input": {
        "channel": channel, "categoryId": categories["NOISE"], "description": "Dilekçe ile bildirildi.",
        "channelReference": "   ",
    }}))["createTicket"]
    assert payload["ticket"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("REQUIRED", ["input", "channelReference"])]
    assert await database_snapshot(engine) == before
