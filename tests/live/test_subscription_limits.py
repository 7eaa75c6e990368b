"""An anonymous address holds only so many live subscriptions at once in one process."""

import asyncio
import json
from typing import Any

from cozum.config import Settings
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import connection, start

STATS = "subscription { liveStats { received } }"
STATUS = "subscription { requestStatus(reference: \"TST-2026-000001\", secret: \"yanlis-bir-gizli-anahtar\") { status } }"
LIMIT = 20  # the default, COZUM_ANONYMOUS_SUBSCRIPTIONS_PER_ADDRESS


async def _first_answers(socket_: Any, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The first message of each operation: its current state (`next`) or its refusal."""
    answers: dict[str, dict[str, Any]] = {}
    async with asyncio.timeout(10):
        while not set(ids) <= set(answers):
            message = json.loads(await socket_.recv())
            if message.get("id") in ids and message["id"] not in answers:
                answers[message["id"]] = message
    return answers


async def _open(socket_: Any, ids: list[str], query: str = STATS) -> dict[str, dict[str, Any]]:
    for operation_id in ids:
        await start(socket_, operation_id, query)
    return await _first_answers(socket_, ids)


def _accepted(answer: dict[str, Any]) -> bool:
    return answer["type"] == "next" and not answer["payload"].get("errors")


def _refusal_code(answer: dict[str, Any]) -> str:
    errors = answer["payload"] if answer["type"] == "error" else answer["payload"]["errors"]
    code: str = errors[0]["extensions"]["code"]
    return code


async def test_the_twenty_first_subscription_from_one_address_is_refused(live: str) -> None:
    async with connection(live) as first, connection(live) as second:
        held = await _open(first, [str(i) for i in range(LIMIT)])
        assert all(_accepted(a) for a in held.values())
        refused = (await _open(second, ["x"]))["x"]
    assert _refusal_code(refused) == "TOO_MANY_SUBSCRIPTIONS"
    error = refused["payload"] if refused["type"] == "error" else refused["payload"]["errors"]
    assert error[0]["extensions"]["limit"] == LIMIT and "20" in error[0]["message"]


async def test_requests_status_counts_too_and_is_refused_before_the_secret_is_checked(
    live: str, settings: Settings
) -> None:
    settings.anonymous_subscriptions_per_address = 2  # the app reads its settings object as it goes
    async with connection(live) as socket_:
        assert all(_accepted(a) for a in (await _open(socket_, ["1", "2"])).values())
        assert _refusal_code((await _open(socket_, ["3"], STATUS))["3"]) == "TOO_MANY_SUBSCRIPTIONS"


async def _accepted_soon(socket_: Any, name: str) -> None:
    """A place is given back once the server has closed the operation: retry until then."""
    async with asyncio.timeout(5):
        for attempt in range(1000):
            answer = (await _open(socket_, [f"{name}-{attempt}"]))[f"{name}-{attempt}"]
            if _accepted(answer):
                return
            assert _refusal_code(answer) == "TOO_MANY_SUBSCRIPTIONS"
            await asyncio.sleep(0.05)


async def test_a_closed_subscription_frees_its_place(live: str, settings: Settings) -> None:
    settings.anonymous_subscriptions_per_address = 2
    async with connection(live) as socket_:
        await _open(socket_, ["1", "2"])
        await socket_.send(json.dumps({"id": "1", "type": "complete"}))
        await _accepted_soon(socket_, "again")
    async with connection(live) as socket_:  # and a closed connection gives back all of its own
        await _accepted_soon(socket_, "a")
        await _accepted_soon(socket_, "b")


async def test_another_address_is_not_held_back(live: str, settings: Settings) -> None:
    settings.anonymous_subscriptions_per_address = 2
    async with connection(live) as socket_, connection(live, local_addr=("127.0.0.2", 0)) as other:
        await _open(socket_, ["1", "2"])
        assert _accepted((await _open(other, ["1"]))["1"])


async def test_staff_are_not_limited(live: str, staff: GraphQLClient, settings: Settings) -> None:
    settings.anonymous_subscriptions_per_address = 2
    async with connection(live, cookie=staff.http.cookies["cozum_session"]) as socket_:
        answers = await _open(socket_, [str(i) for i in range(5)])
    assert all(_accepted(a) for a in answers.values())
