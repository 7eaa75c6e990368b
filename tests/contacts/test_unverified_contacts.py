"""Nobody proves who they are when they submit a request, so a submission never edits a contact."""

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.auth.helpers import scalar
from tests.conftest import http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CREATE, SUBMIT

VICTIM = {"name": "Ayşe Kurban", "phone": "05321234567"}
VICTIM_ROW = {"name": "Ayşe Kurban", "phone": "+905321234567", "email": None, "preferred_channel": "SMS"}

CONTACT_OF = """
SELECT c.id, c.name, c.phone, c.email, c.preferred_channel
FROM tickets t JOIN contacts c ON c.id = t.contact_id WHERE t.reference = :reference
"""


async def _submit(client: GraphQLClient, contact: dict[str, str], reply: str) -> str:
    categories = await category_ids(client)
    payload = await client.mutate("submitRequest", SUBMIT, {"input": {
        "categoryId": categories["ROAD_POTHOLE"], "description": "Sokağımızda büyük bir çukur var.",
        "replyChannel": reply, "contact": contact}})
    reference: str = payload["reference"]
    return reference


async def _contact_of(engine: AsyncEngine, reference: str) -> dict[str, Any]:
    async with engine.connect() as connection:
        row = (await connection.execute(text(CONTACT_OF), {"reference": reference})).one()
    return dict(row._mapping)


def _details(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k != "id"}


@pytest.mark.parametrize(("other", "reply"), [
    ({"name": "Saldırgan", "phone": "0532 123 45 67", "email": "attacker@evil.example"}, "EMAIL"),
    ({"name": "Saldırgan", "phone": "+90 532 123 45 67"}, "WHATSAPP"),
    ({"name": "Ayşe Kurban", "phone": "05321234567", "email": "attacker@evil.example"}, "EMAIL"),
    ({"phone": "05321234567", "email": "attacker@evil.example"}, "EMAIL"),
], ids=["everything", "another-name", "adds-an-email", "no-name-adds-an-email"])
async def test_a_submission_sharing_a_phone_leaves_the_existing_contact_alone(
    app: Any, engine: AsyncEngine, client: GraphQLClient, other: dict[str, str], reply: str,
) -> None:
    victim = await _submit(client, VICTIM, "SMS")
    async with http_client(app) as http:
        intruder = await _submit(GraphQLClient(http), other, reply)

    before = await _contact_of(engine, victim)
    assert _details(before) == VICTIM_ROW
    theirs = await _contact_of(engine, intruder)
    assert theirs["id"] != before["id"]
    assert theirs["preferred_channel"] == reply
    assert await scalar(engine, "SELECT count(*) FROM contacts") == 2


async def test_a_submission_sharing_an_email_leaves_the_existing_contact_alone(
    engine: AsyncEngine, client: GraphQLClient,
) -> None:
    victim = await _submit(client, {"name": "Ayşe Kurban", "email": "ayse@example.org"}, "EMAIL")
    intruder = await _submit(client, {"name": "Saldırgan", "email": " Ayse@Example.ORG ", "phone": "05551112233"}, "SMS")

    assert _details(await _contact_of(engine, victim)) == {
        "name": "Ayşe Kurban", "phone": None, "email": "ayse@example.org", "preferred_channel": "EMAIL"}
    assert (await _contact_of(engine, intruder))["name"] == "Saldırgan"


async def test_a_repeat_submission_with_the_same_details_reuses_the_contact(
    engine: AsyncEngine, client: GraphQLClient,
) -> None:
    first = await _submit(client, VICTIM, "SMS")
    again = await _submit(client, {"name": " Ayşe Kurban ", "phone": "0532 123 45 67"}, "SMS")

    assert await _contact_of(engine, again) == await _contact_of(engine, first)
    assert await scalar(engine, "SELECT count(*) FROM contacts") == 1


async def test_a_repeat_giving_less_reuses_the_contact_and_not_its_reply_channel(
    engine: AsyncEngine, client: GraphQLClient,
) -> None:
    first = await _submit(client, VICTIM, "SMS")
    again = await _submit(client, {"phone": "+905321234567"}, "WHATSAPP")

    assert await _contact_of(engine, again) == await _contact_of(engine, first)
    assert _details(await _contact_of(engine, first)) == VICTIM_ROW


async def _phoned_in(staff: GraphQLClient, contact: dict[str, str]) -> dict[str, Any]:
    """A ticket the call centre types in for a caller."""
    categories = await category_ids(staff)
    return await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": categories["ROAD_POTHOLE"], "replyChannel": "PHONE",
        "description": "Arayan vatandaş çukuru bildirdi.", "contact": contact}})


async def test_staff_typing_other_details_for_a_known_phone_leave_the_contact_alone(
    engine: AsyncEngine, client: GraphQLClient, staff: GraphQLClient,
) -> None:
    victim = await _submit(client, VICTIM, "SMS")
    payload = await _phoned_in(staff, {"name": "Ayşe Kurban-Demir", "phone": "05321234567"})

    assert _details(await _contact_of(engine, victim)) == VICTIM_ROW
    assert payload["ticket"]["contact"]["name"] == "Ayşe Kurban-Demir"


async def test_staff_typing_the_same_details_reuse_the_contact(
    engine: AsyncEngine, client: GraphQLClient, staff: GraphQLClient,
) -> None:
    victim = await _submit(client, VICTIM, "SMS")
    payload = await _phoned_in(staff, VICTIM)

    assert payload["ticket"]["contact"]["name"] == "Ayşe Kurban"
    assert await scalar(engine, "SELECT count(*) FROM contacts") == 1
    assert _details(await _contact_of(engine, victim)) == VICTIM_ROW


async def test_a_name_alone_is_nobody_and_gets_a_row_each_time(engine: AsyncEngine, client: GraphQLClient) -> None:
    first = await _submit(client, {"name": "Ayşe Kurban"}, "NONE")
    again = await _submit(client, {"name": "Ayşe Kurban"}, "NONE")

    rows = [await _contact_of(engine, reference) for reference in (first, again)]
    assert rows[0]["id"] != rows[1]["id"]
    assert _details(rows[1]) == {"name": "Ayşe Kurban", "phone": None, "email": None, "preferred_channel": "NONE"}


async def test_an_anonymised_contact_is_never_joined_again(engine: AsyncEngine, client: GraphQLClient) -> None:
    first = await _submit(client, VICTIM, "SMS")
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE contacts SET anonymised_at = now()"))
    again = await _submit(client, VICTIM, "SMS")

    assert (await _contact_of(engine, again))["id"] != (await _contact_of(engine, first))["id"]
    assert _details(await _contact_of(engine, again)) == VICTIM_ROW
