"""A submission whose whole change is the filing statement runs it outside a transaction block
(db.connection_for_change): kept as the statement ends, the reference counter free again at
once. Any other change, or a document of several fields, keeps its one transaction."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from cozum.auth.actor import CITIZEN
from cozum.config import Settings
from cozum.departments.models import Category
from cozum.tickets import intake
from cozum.tickets.enums import IntakeChannel
from cozum.tickets.filing import Filed
from cozum.tickets.intake import NewTicket, create_ticket
from tests.attachments import media
from tests.attachments.helpers import post_files
from tests.fixtures.context import context_for
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import INSTITUTION
from tests.tickets.helpers import category_ids
from tests.tickets.queries import CREATE, SUBMIT

TWO = """
mutation($a: SubmitRequestInput!, $b: SubmitRequestInput!) {
  a: submitRequest(input: $a) { reference userErrors { code } }
  b: submitRequest(input: $b) { reference userErrors { code } }
}
"""


@dataclass
class Seen:
    """The database as another connection saw it the moment a filing statement returned."""

    visible: bool
    counter_locked: bool


@pytest.fixture
def seen(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[Seen]:
    seen: list[Seen] = []
    real = intake.file_ticket

    async def file_and_look(session: AsyncSession, *args: Any, **kwargs: Any) -> Filed | None:
        filed = await real(session, *args, **kwargs)
        if filed is not None:
            seen.append(await look(engine, filed.ticket_id))
        return filed

    monkeypatch.setattr(intake, "file_ticket", file_and_look)
    return seen


async def look(engine: AsyncEngine, ticket_id: int) -> Seen:
    async with engine.connect() as other:
        visible = (await other.execute(text("SELECT count(*) FROM tickets WHERE id = :id"), {"id": ticket_id}))
        try:
            await other.execute(text("SELECT last_value FROM ticket_counters FOR UPDATE NOWAIT"))
            locked = False
        except DBAPIError as error:
            assert "could not obtain lock" in str(error)
            locked = True
        return Seen(visible=visible.scalar_one() == 1, counter_locked=locked)


async def tickets(engine: AsyncEngine) -> list[dict[str, Any]]:
    async with engine.connect() as other:
        found = await other.execute(text("SELECT reference, status, forwarded_to FROM tickets ORDER BY id"))
        return [dict(row) for row in found.mappings()]


def request(category: str, **fields: Any) -> dict[str, Any]:
    return {"categoryId": category, "description": "Kaldırım taşları yerinden çıkmış.", **fields}


async def pothole(client: GraphQLClient, seen: list[Seen]) -> str:
    """The category, once a first ticket filed in it made this process remember its terms (a
    filing that reads them first is not its statement alone) and the year's counter row exist."""
    category = (await category_ids(client))["ROAD_POTHOLE"]
    await client.mutate("submitRequest", SUBMIT, {"input": request(category)})
    seen.clear()
    return category


async def send_outside_the_remit(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE categories SET remit = 'EXTERNAL', external_institution = :i WHERE code = 'ROAD_POTHOLE'"),
            {"i": INSTITUTION},
        )


CONTACT = {"contact": {"name": "Elif Kaya", "email": "elif@example.org"}, "replyChannel": "EMAIL"}
KEY = {"idempotencyKey": "1b4e28ba-2fa1-11d2-883f-0016d3cca427"}
ALONE, IN_A_TRANSACTION = Seen(visible=True, counter_locked=False), Seen(visible=False, counter_locked=True)


@pytest.mark.parametrize(("extra", "expected"), [({}, ALONE), (CONTACT, ALONE), (KEY, IN_A_TRANSACTION)],
                         ids=["anonymous", "with a contact to find or write", "with a key to replay under a lock"])
async def test_a_submission_is_kept_as_its_statement_ends_when_that_is_the_whole_change(
    client: GraphQLClient, engine: AsyncEngine, seen: list[Seen], extra: dict[str, Any], expected: Seen
) -> None:
    category = await pothole(client, seen)
    payload = await client.mutate("submitRequest", SUBMIT, {"input": request(category, **extra)})
    assert seen == [expected]
    assert (await tickets(engine))[-1]["reference"] == payload["reference"]


async def test_a_submission_with_files_keeps_its_transaction(
    client: GraphQLClient, engine: AsyncEngine, seen: list[Seen]
) -> None:
    category = await pothole(client, seen)
    variables = {"input": request(category, attachments=[None])}
    files = {"input.attachments.0": ("a.jpg", media.jpeg(), "image/jpeg")}
    body = (await post_files(client, SUBMIT, variables, files)).json()
    assert body["data"]["submitRequest"]["userErrors"] == [], body
    assert seen == [IN_A_TRANSACTION]


async def test_a_forwarded_submission_keeps_its_transaction(
    client: GraphQLClient, engine: AsyncEngine, seen: list[Seen]
) -> None:
    category = await pothole(client, seen)
    await send_outside_the_remit(engine)
    # Remembered inside the remit, then outside: the first is tried alone, finds the terms
    # changed having written nothing, and runs again in a transaction.
    for _ in range(2):
        await client.mutate("submitRequest", SUBMIT, {"input": request(category)})
    assert seen == [IN_A_TRANSACTION] * 2
    assert [(t["status"], t["forwarded_to"]) for t in await tickets(engine)][1:] == [("FORWARDED", INSTITUTION)] * 2


async def test_two_fields_of_one_document_share_one_transaction(
    client: GraphQLClient, engine: AsyncEngine, seen: list[Seen]
) -> None:
    category = await pothole(client, seen)
    variables = {"a": request(category), "b": request(category)}
    body = await client.data(TWO, variables)
    assert body["a"]["userErrors"] == body["b"]["userErrors"] == []
    assert seen == [IN_A_TRANSACTION] * 2
    assert len(await tickets(engine)) == 3


async def test_staff_filing_a_ticket_keeps_its_transaction(
    staff: GraphQLClient, engine: AsyncEngine, seen: list[Seen]
) -> None:
    categories = await category_ids(staff)
    variables = {"input": {"categoryId": categories["ROAD_POTHOLE"], "channel": "PHONE", "description": "Çukur var."}}
    for _ in range(2):  # the first writes the year's counter row
        await staff.mutate("createTicket", CREATE, variables)
    assert seen[1:] == [IN_A_TRANSACTION]


async def remembered_pothole(engine: AsyncEngine, settings: Settings, seen: list[Seen]) -> NewTicket:
    """A new pothole, once a first one was filed (as `pothole` does over HTTP)."""
    async with engine.connect() as other:
        found = await other.execute(text("SELECT id FROM categories WHERE code = 'ROAD_POTHOLE'"))
        data = NewTicket(description="Çukur var.", category_id=found.scalar_one(), channel=IntakeChannel.WEB)
    context = context_for(engine, settings)
    async with context.write() as session:
        await file(session, data)
    await context.finish(commit=True)
    seen.clear()
    return data


async def file(session: AsyncSession, data: NewTicket) -> None:
    await create_ticket(session, CITIZEN, data, prefix="TST", secret_key="k", may_be_whole=True)


async def test_a_field_after_one_filed_alone_gets_a_transaction_of_its_own(
    engine: AsyncEngine, settings: Settings, seen: list[Seen]
) -> None:
    data, context = await remembered_pothole(engine, settings, seen), context_for(engine, settings)
    try:
        for alone in (True, False):
            async with context.write(alone=alone) as session:
                await file(session, data)
        assert seen == [ALONE, IN_A_TRANSACTION]
    finally:
        await context.finish(commit=True)
    assert len(await tickets(engine)) == 3


async def test_a_payload_may_read_after_a_field_filed_alone(
    engine: AsyncEngine, settings: Settings, seen: list[Seen]
) -> None:
    data, context = await remembered_pothole(engine, settings, seen), context_for(engine, settings)
    try:
        async with context.write(alone=True) as session:
            await file(session, data)
        async with context.db() as session:  # on the same connection, as a payload's resolver reads
            assert (await session.execute(text("SELECT count(*) FROM tickets"))).scalar_one() == 2
    finally:
        await context.finish(commit=True)
    assert seen == [ALONE]


async def add_later(session: AsyncSession) -> None:
    session.add(Category(code="LATER", name_tr="Sonra", name_en="Later"))  # flushed as the field ends


async def flush_later(session: AsyncSession) -> None:
    await add_later(session)
    await session.flush()


async def insert_later(session: AsyncSession) -> None:
    await session.execute(text(
        "INSERT INTO categories (code, name_tr, name_en, active, default_priority, remit, created_at)"
        " VALUES ('LATER', 'Sonra', 'Later', true, 'NORMAL', 'MUNICIPAL', now())"
    ))


@pytest.mark.parametrize("later", [add_later, flush_later, insert_later])
async def test_a_field_filed_alone_may_write_nothing_after(
    engine: AsyncEngine, settings: Settings, seen: list[Seen], later: Callable[[AsyncSession], Awaitable[None]]
) -> None:
    data, context = await remembered_pothole(engine, settings, seen), context_for(engine, settings)
    try:
        with pytest.raises(RuntimeError, match="went on to write more"):
            async with context.write(alone=True) as session:
                await file(session, data)
                await later(session)
        async with context.db() as session:  # the field has ended: reading is allowed again
            assert (await session.execute(text("SELECT count(*) FROM tickets"))).scalar_one() == 2
    finally:
        await context.finish(commit=True)
    assert seen == [ALONE]
    async with engine.connect() as other:
        assert (await other.execute(text("SELECT count(*) FROM categories WHERE code = 'LATER'"))).scalar_one() == 0
