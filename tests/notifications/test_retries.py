"""Failures: retried with back-off until sent, or given up with the ticket's staff told."""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.notifications.helpers import NOTIFICATIONS, rows, running_worker, submit
from tests.notifications.receivers import Behaviour, HttpReceiver, MailInbox
from tests.tickets.queries import FIND, TIMELINE


async def test_a_sender_that_fails_twice_then_succeeds_delivers_once_after_three_attempts(
    client: GraphQLClient, sms_gateway: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    sms_gateway.behaviour = Behaviour(fail_first=2, fail_status=503)
    await submit(client, reply="SMS", phone="0532 111 22 33")
    async with running_worker(database_url, outbox_settings) as worker:
        await worker.settled(1)
    assert len(sms_gateway.requests) == 3 and len(sms_gateway.stored) == 1
    assert len(set(sms_gateway.count_by_key())) == 1  # the same key on every try
    attempts = await rows(engine, "SELECT number, outcome, error, finished_at FROM delivery_attempts ORDER BY number")
    assert [(a["number"], a["outcome"]) for a in attempts] == [(1, "FAILED"), (2, "FAILED"), (3, "SENT")]
    assert attempts[0]["error"] == 'HTTP 503: {"error": "try later"}'
    assert all(a["finished_at"] is not None for a in attempts)
    [row] = await rows(engine, "SELECT status, attempts, last_error, sent_at FROM outbox")
    assert row["status"] == "SENT" and row["attempts"] == 3 and row["last_error"] is None and row["sent_at"]


async def test_past_the_give_up_time_the_ticket_records_the_failure_for_its_staff(
    client: GraphQLClient, staff: GraphQLClient, sms_gateway: HttpReceiver, database_url: str,
    outbox_settings: Settings, engine: AsyncEngine,
) -> None:
    sms_gateway.behaviour = Behaviour(always_fail=True, fail_status=502)
    soon = outbox_settings.model_copy(update={"outbox_give_up_hours": 1 / 3600})  # a second
    async with running_worker(database_url, soon) as worker:
        submitted = await submit(client, reply="SMS", phone="0532 111 22 33")
        recorded = await worker.settled(1)
    assert recorded[-1].status is not None and recorded[-1].status.value == "GAVE_UP"
    assert len(recorded) >= 2 and all(r.status.value == "PENDING" for r in recorded[:-1] if r.status)

    ticket_id = (await staff.data(FIND, {"text": submitted["reference"]}))["tickets"]["edges"][0]["node"]["id"]
    [notification] = (await staff.data(NOTIFICATIONS, {"id": ticket_id}))["node"]["notifications"]
    assert notification["status"] == "GAVE_UP" and notification["gaveUpAt"] and notification["sentAt"] is None
    assert notification["attempts"] == len(recorded) and notification["lastError"].startswith("HTTP 502")
    timeline = (await staff.data(TIMELINE, {"id": ticket_id}))["node"]["timeline"]["edges"]
    [failed] = [e["node"] for e in timeline if e["node"]["type"] == "NOTIFICATION_FAILED"]
    assert failed["public"] is False and failed["message"].startswith("HTTP 502")
    [row] = await rows(engine, "SELECT created_at, gave_up_at FROM outbox")
    assert 1 <= (row["gave_up_at"] - row["created_at"]).total_seconds() < 5


async def test_a_permanent_refusal_gives_up_at_once(
    client: GraphQLClient, sms_gateway: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    sms_gateway.behaviour = Behaviour(always_fail=True, fail_status=422, fail_body={"error": "+905321112233 is not a mobile number"})
    await submit(client, reply="SMS", phone="0532 111 22 33")
    async with running_worker(database_url, outbox_settings) as worker:
        [recorded] = await worker.settled(1)
    assert recorded.status is not None and recorded.status.value == "GAVE_UP"
    [row] = await rows(engine, "SELECT attempts, last_error FROM outbox")
    # The address is taken out: staff read this on the ticket, where the contact is masked.
    assert row == {"attempts": 1, "last_error": 'HTTP 422: {"error": "<recipient> is not a mobile number"}'}


async def test_a_refused_mailbox_gives_up_at_once_without_naming_the_address(
    client: GraphQLClient, inbox: MailInbox, database_url: str, outbox_settings: Settings, engine: AsyncEngine,
) -> None:
    await submit(client, email="nobody@example.org")
    async with running_worker(database_url, outbox_settings) as worker:
        [recorded] = await worker.settled(1)
    assert recorded.status is not None and recorded.status.value == "GAVE_UP"
    [row] = await rows(engine, "SELECT last_error FROM outbox")
    assert row["last_error"].startswith("SMTP recipient refused: 550") and "nobody@" not in row["last_error"]
    assert inbox.messages == []


async def test_an_anonymised_contact_is_given_up_at_once_and_nothing_is_sent(
    client: GraphQLClient, sms_gateway: HttpReceiver, database_url: str, outbox_settings: Settings,
    engine: AsyncEngine,
) -> None:
    await submit(client, reply="SMS", phone="0532 111 22 33")
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE contacts SET phone = NULL, name = NULL, anonymised_at = now()"))
    async with running_worker(database_url, outbox_settings) as worker:
        await worker.settled(1)
    [row] = await rows(engine, "SELECT status, attempts, last_error FROM outbox")
    assert row == {"status": "GAVE_UP", "attempts": 1, "last_error": "not sent: the contact was anonymised"}
    assert sms_gateway.requests == []
