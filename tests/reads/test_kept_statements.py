"""Statements the compiled read path keeps (reads/prepared.py): run again with each request's time
and variables, and never reused where their answer would be another caller's or another value's."""

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.kit.relay import to_global_id
from cozum.reads.executor import AnsweredInSql
from cozum.tickets.references import hash_secret
from tests.reads.conftest import Pair, submitted

TRACK = """query Track($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) { reference status title timeline { type } }
}"""


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """One entry each time a statement is planned rather than taken from those kept."""
    planned: list[int] = []
    prepare = AnsweredInSql._prepare

    def counting(self: AnsweredInSql, *args: Any) -> Any:
        planned.append(1)
        return prepare(self, *args)

    monkeypatch.setattr(AnsweredInSql, "_prepare", counting)
    yield planned


async def test_a_kept_statement_is_reused_with_each_requests_time(
    operator: Pair, engine: AsyncEngine, prepared: list[int],
) -> None:
    async with engine.begin() as conn:  # the newest ticket falls due in a second
        await conn.execute(text(
            "UPDATE tickets SET due_at = now() + interval '1 second', closed_at = NULL, status = 'ROUTED'"
            " WHERE id = (SELECT id FROM tickets ORDER BY created_at DESC, id DESC LIMIT 1)"))
    query = "{ tickets(first: 1) { edges { node { reference overdue } } } }"
    before = await operator.compiled.data(query)
    await asyncio.sleep(1.2)
    after = await operator.both(query)
    assert before["tickets"]["edges"][0]["node"]["overdue"] is False
    assert after["data"]["tickets"]["edges"][0]["node"]["overdue"] is True
    assert prepared == [1]  # planned once, run twice


async def test_one_statement_tracks_every_citizens_request_each_with_its_own_answer(
    anonymous: Pair, prepared: list[int],
) -> None:
    first, second = await submitted(anonymous, None), await submitted(anonymous, None)
    prepared.clear()
    for credentials in (first, second, first):
        body = await anonymous.both(TRACK, credentials)
        assert body["data"]["trackRequest"]["reference"] == credentials["reference"] and len(anonymous.ran) == 1
    assert prepared == [1]
    # The kept statement still checks each request's secret, and refuses what is too long.
    for wrong in ({**second, "secret": first["secret"]}, {**first, "secret": "s" * 101}, {**first, "reference": "R" * 41}):
        assert (await anonymous.both(TRACK, wrong))["data"]["trackRequest"] is None
    assert prepared == [1]


async def test_credentials_written_into_the_document_go_to_the_resolver(anonymous: Pair) -> None:
    """Neither a statement nor its compiled form keeps a citizen's reference or secret's hash."""
    credentials = await submitted(anonymous, None)
    reference, secret = credentials["reference"], credentials["secret"]
    literal = f'{{ trackRequest(reference: "{reference}", secret: "{secret}") {{ reference status }} }}'
    assert (await anonymous.both(literal))["data"]["trackRequest"]["reference"] == reference
    assert anonymous.ran == []


async def test_a_kept_statement_holds_no_callers_values(anonymous: Pair, apps: Any) -> None:
    credentials = await submitted(anonymous, None)
    await anonymous.both(TRACK, credentials)
    kept = apps[0].state.shared.prepared_reads._kept
    track = [p for p in kept.values() if "secret_hash" in p.text]
    assert len(track) == 1 and not {credentials["reference"], hash_secret(credentials["secret"])} & set(track[0].values)


async def test_a_variable_the_statement_also_bakes_in_keeps_it_in_the_key(operator: Pair, prepared: list[int]) -> None:
    """`$reference` is tracked and searched for: the search is written into the statement, so
    the statement is one per reference, not one for all."""
    both = """query($reference: String!, $secret: String!) {
      trackRequest(reference: $reference, secret: $secret) { reference }
      tickets(first: 1, filter: {text: $reference}) { edges { node { reference } } }
    }"""
    first, second = await submitted(operator, None), await submitted(operator, None)
    prepared.clear()
    for credentials in (first, second):
        data = (await operator.both(both, credentials))["data"]
        assert data["trackRequest"]["reference"] == credentials["reference"]
        assert data["tickets"]["edges"][0]["node"]["reference"] == credentials["reference"]
    assert prepared == [1, 1]


async def test_one_statement_serves_every_tickets_page(operator: Pair, engine: AsyncEngine, prepared: list[int]) -> None:
    async with engine.connect() as conn:
        tickets = (await conn.execute(text("SELECT id FROM tickets ORDER BY id LIMIT 3"))).scalars().all()
    query = "query($id: ID!) { node(id: $id) { id ... on Ticket { reference timeline(last: 5) { totalCount } } } }"
    for pk in tickets:
        body = await operator.both(query, {"id": to_global_id("Ticket", pk)})
        assert body["data"]["node"]["id"] == to_global_id("Ticket", pk) and len(operator.ran) == 1
    assert prepared == [1]
    # Another type's ID, given to the kept statement, goes to the resolvers.
    await operator.both(query, {"id": to_global_id("Department", 1)})
    assert operator.ran == [] and prepared == [1]
