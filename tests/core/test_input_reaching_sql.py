"""Input PostgreSQL cannot take (keys beyond a column's range, cursors of the wrong type, NUL
characters) gets a typed error before it reaches SQL, never an untyped database error."""

import asyncio
import base64
import json
from typing import Any

import pytest
import websockets
from sqlalchemy.ext.asyncio import AsyncEngine
from websockets.typing import Subprotocol

from tests.auth.helpers import error_code, post
from tests.conftest import LOGIN, SqlLog
from tests.fixtures.graphql import GraphQLClient
from tests.fixtures.live import serving, start
from tests.fixtures.snapshot import database_snapshot
from tests.tickets.helpers import category_ids, department_ids, new_ticket
from tests.tickets.queries import CHANGE_STATUS, ROUTE, SUBMIT, TRACK

BEYOND_INT32 = 3_000_000_000


def _gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def _cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


def _no_database_error(body: dict[str, Any]) -> None:
    for error in body.get("errors", []):
        assert error["extensions"]["code"] != "INTERNAL_SERVER_ERROR", error
        assert "DBAPIError" not in error["message"] and "asyncpg" not in error["message"], error


# --- Keys beyond the INTEGER columns -------------------------------------------------------


@pytest.mark.parametrize("type_name", ["Ticket", "Department", "Category", "StaffUser"])
async def test_node_with_a_key_beyond_the_column_is_an_invalid_id(staff: GraphQLClient, type_name: str) -> None:
    body = await staff.execute("query($id: ID!) { node(id: $id) { id } }", {"id": _gid(type_name, BEYOND_INT32)})
    _no_database_error(body)
    # The server never issues such an ID: answered as for any other malformed one.
    assert body["data"] == {"node": None}
    assert error_code(body) == "INVALID_ID"


async def test_event_keys_are_bigint_and_may_pass_int32(staff: GraphQLClient) -> None:
    body = await staff.execute("query($id: ID!) { node(id: $id) { id } }", {"id": _gid("TicketEvent", BEYOND_INT32)})
    assert body == {"data": {"node": None}, "extensions": body["extensions"]}


async def test_status_change_with_a_key_beyond_the_column_is_a_user_error(
    staff: GraphQLClient, engine: AsyncEngine
) -> None:
    before = await database_snapshot(engine)
    payload = (await staff.data(CHANGE_STATUS, {"input": {
        "ticketId": _gid("Ticket", BEYOND_INT32), "status": "IN_PROGRESS", "expectedVersion": 1,
    }}))["changeTicketStatus"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID_ID", ["input", "ticketId"])]
    assert await database_snapshot(engine) == before


async def test_routing_to_a_department_beyond_the_column_is_a_user_error(staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    payload = (await staff.data(ROUTE, {"input": {
        "ticketId": ticket["id"], "departmentId": _gid("Department", BEYOND_INT32),
    }}))["routeTicket"]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID_ID", ["input", "departmentId"])]


async def test_filtering_by_a_department_beyond_the_column_is_a_typed_error(staff: GraphQLClient) -> None:
    body = await staff.execute(
        "query($d: ID!) { tickets(filter: {departmentIds: [$d]}) { totalCount } }",
        {"d": _gid("Department", BEYOND_INT32)},
    )
    _no_database_error(body)
    assert error_code(body) == "INVALID_ID"


async def test_the_largest_integer_key_is_still_an_id(staff: GraphQLClient) -> None:
    body = await staff.execute("query($id: ID!) { node(id: $id) { id } }", {"id": _gid("Ticket", 2**31 - 1)})
    assert body["data"] == {"node": None} and "errors" not in body


# --- Forged cursors -------------------------------------------------------------------------

TIMELINE_AFTER = "query($id: ID!, $c: String!) { node(id: $id) { ... on Ticket { timeline(after: $c) { edges { cursor } } } } }"
TICKETS_AFTER = "query($c: String!) { tickets(after: $c) { edges { cursor } } }"


@pytest.mark.parametrize("cursor", [
    _cursor("abc", 1),
    _cursor(10**30, 1),
    _cursor(1, 10**30),
    _cursor(1, "1"),
    _cursor(1.5, 1),
    _cursor(True, 1),
    _cursor(None, 1),
    _cursor([1], 1),
])
async def test_forged_timeline_cursor_is_invalid(staff: GraphQLClient, cursor: str) -> None:
    ticket = await new_ticket(staff)
    body = await staff.execute(TIMELINE_AFTER, {"id": ticket["id"], "c": cursor})
    _no_database_error(body)
    assert error_code(body) == "INVALID_CURSOR"


@pytest.mark.parametrize("cursor", [
    _cursor("2024-01-01T00:00:00+00:00", 10**12),  # tickets.id is INTEGER
    _cursor("2024-01-01T00:00:00+00:00", "1"),
    _cursor("2024-01-01T00:00:00", 1),  # naive, against a timestamptz
    _cursor("9999-12-31T23:00:00-05:00", 1),  # past year 9999 once in UTC
    _cursor(1700000000, 1),
    _cursor("abc", 1),
])
async def test_forged_ticket_cursor_is_invalid(staff: GraphQLClient, cursor: str) -> None:
    body = await staff.execute(TICKETS_AFTER, {"c": cursor})
    _no_database_error(body)
    assert error_code(body) == "INVALID_CURSOR"


async def test_cursors_the_server_gave_still_page(staff: GraphQLClient) -> None:
    ticket = await new_ticket(staff)
    await new_ticket(staff)
    page = (await staff.data("{ tickets(first: 1) { edges { cursor } } }"))["tickets"]["edges"]
    rest = await staff.data(TICKETS_AFTER, {"c": page[0]["cursor"]})
    assert len(rest["tickets"]["edges"]) == 1
    query = "query($id: ID!) { node(id: $id) { ... on Ticket { timeline(first: 1) { edges { cursor } } } } }"
    first = (await staff.data(query, {"id": ticket["id"]}))["node"]["timeline"]["edges"]
    await staff.data(TIMELINE_AFTER, {"id": ticket["id"], "c": first[0]["cursor"]})


# --- NUL characters -------------------------------------------------------------------------


def _refused_for_nul(response: Any) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None and len(body["errors"]) == 1
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert "NUL" in body["errors"][0]["message"]


async def test_nul_in_a_tracking_reference_is_refused(client: GraphQLClient, sql_log: SqlLog) -> None:
    sql_log.clear()
    _refused_for_nul(await post(client.http, TRACK, {"reference": "A\u0000B", "secret": "x"}))
    assert sql_log.statements == []


async def test_nul_in_a_literal_argument_is_refused(client: GraphQLClient, sql_log: SqlLog) -> None:
    sql_log.clear()
    document = '{ trackRequest(reference: "A\\u0000B", secret: "x") { reference } }'
    _refused_for_nul(await post(client.http, document))
    assert sql_log.statements == []


async def test_nul_in_a_login_email_is_refused(client: GraphQLClient, sql_log: SqlLog) -> None:
    sql_log.clear()
    _refused_for_nul(await post(client.http, LOGIN, {"email": "a\u0000@b.c", "password": "x"}))
    assert sql_log.statements == []


@pytest.mark.parametrize("field", ["text", "neighbourhood"])
async def test_nul_in_a_ticket_filter_is_refused(staff: GraphQLClient, sql_log: SqlLog, field: str) -> None:
    query = f"query($t: String!) {{ tickets(filter: {{{field}: $t}}) {{ edges {{ cursor }} }} }}"
    sql_log.clear()
    _refused_for_nul(await post(staff.http, query, {"t": "a\u0000b"}))
    assert sql_log.statements == []


@pytest.mark.parametrize("extra", [
    {"contact": {"name": "Ali\u0000"}},
    {"contact": {"email": "a\u0000b@example.org"}},
    {"idempotencyKey": "k\u0000"},
    {"description": "çukur\u0000 var burada"},
])
async def test_nul_in_a_submission_is_refused(client: GraphQLClient, engine: AsyncEngine, extra: dict[str, Any]) -> None:
    categories = await category_ids(client)
    before = await database_snapshot(engine)
    input_ = {"categoryId": categories["ROAD_POTHOLE"], "description": "çukur var burada", **extra}
    _refused_for_nul(await post(client.http, SUBMIT, {"input": input_}))
    assert await database_snapshot(engine) == before


async def test_nul_deep_in_a_list_variable_is_refused(staff: GraphQLClient) -> None:
    departments = await department_ids(staff)
    query = "query($d: [ID!]) { tickets(filter: {departmentIds: $d}) { totalCount } }"
    _refused_for_nul(await post(staff.http, query, {"d": [next(iter(departments.values())), "x\u0000"]}))


# --- Lone surrogates ------------------------------------------------------------------------
# JSON may escape half of a UTF-16 pair ("\ud800"); Python decodes it to a string no UTF-8
# encoder, and so no database driver, can send.


async def _post_escaped(client: GraphQLClient, query: str, variables: dict[str, Any]) -> Any:
    body = json.dumps({"query": query, "variables": variables})  # ASCII: the surrogate stays escaped
    return await client.http.post(
        "/graphql", content=body, headers={"content-type": "application/json", **client.headers()}
    )


def _refused_for_surrogate(response: Any) -> None:
    assert response.status_code == 400
    body = response.json()
    assert body["data"] is None and len(body["errors"]) == 1
    assert body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    assert "surrogate" in body["errors"][0]["message"]


@pytest.mark.parametrize("value", ["\ud800", "a\udfffb", "\ud83d"])  # high, low, half an emoji
async def test_a_lone_surrogate_in_a_tracking_reference_is_refused(
    client: GraphQLClient, sql_log: SqlLog, value: str
) -> None:
    sql_log.clear()
    _refused_for_surrogate(await _post_escaped(client, TRACK, {"reference": value, "secret": "x"}))
    assert sql_log.statements == []


@pytest.mark.parametrize("extra", [
    {"description": "çukur var \ud800 burada"},
    {"contact": {"email": "a\udfff@example.org"}},
    {"contact": {"name": "Ali \udc00"}},
    {"location": {"address": "Cumhuriyet Cd. \ud800"}},
])
async def test_a_lone_surrogate_in_a_submission_is_refused(
    client: GraphQLClient, engine: AsyncEngine, extra: dict[str, Any]
) -> None:
    categories = await category_ids(client)
    before = await database_snapshot(engine)
    input_ = {"categoryId": categories["ROAD_POTHOLE"], "description": "çukur var burada", **extra}
    _refused_for_surrogate(await _post_escaped(client, SUBMIT, {"input": input_}))
    assert await database_snapshot(engine) == before


async def test_a_lone_surrogate_in_a_variable_name_is_refused(client: GraphQLClient) -> None:
    _refused_for_surrogate(await _post_escaped(client, "{ __typename }", {"\ud800": 1}))


async def test_a_paired_surrogate_is_an_ordinary_character(client: GraphQLClient) -> None:
    # "\ud83d\ude00" is one code point (😀) once decoded: nothing to refuse.
    response = await _post_escaped(client, TRACK, {"reference": "\ud83d\ude00", "secret": "x"})
    assert response.status_code == 200 and response.json()["data"] == {"trackRequest": None}


async def test_a_lone_surrogate_in_a_login_is_refused(client: GraphQLClient, engine: AsyncEngine) -> None:
    before = await database_snapshot(engine)
    _refused_for_surrogate(await _post_escaped(client, LOGIN, {"email": "a\ud800@b.co", "password": "x"}))
    assert await database_snapshot(engine) == before


# --- Dates at the edge of the calendar -----------------------------------------------------

CREATED_AFTER = "query($d: DateTime!) { tickets(filter: {createdAfter: $d}) { totalCount } }"
CREATED_BEFORE = "query($d: DateTime!) { tickets(filter: {createdBefore: $d}) { totalCount } }"


@pytest.mark.parametrize("query", [CREATED_AFTER, CREATED_BEFORE])
@pytest.mark.parametrize("moment", [
    "0001-01-01T00:00:00+14:00",  # before year 1 once in UTC
    "0001-01-01T04:59:59+05:00",
    "9999-12-31T23:59:59-14:00",  # after year 9999 once in UTC
])
async def test_a_date_beyond_the_calendar_in_utc_is_a_bad_request(
    staff: GraphQLClient, sql_log: SqlLog, query: str, moment: str
) -> None:
    sql_log.clear()
    body = await staff.execute(query, {"d": moment})
    _no_database_error(body)
    assert error_code(body) == "BAD_REQUEST"
    assert not [s for s in sql_log.statements if "FROM tickets" in s]


async def test_a_date_literal_beyond_the_calendar_is_a_bad_request(staff: GraphQLClient) -> None:
    body = await staff.execute('{ tickets(filter: {createdAfter: "0001-01-01T00:00:00+01:00"}) { totalCount } }')
    _no_database_error(body)
    assert error_code(body) == "BAD_REQUEST"


@pytest.mark.parametrize(("moment", "found"), [
    ("0001-01-01T00:00:00+00:00", 1),
    ("0001-01-01T00:00:00", 1),  # no offset: read as UTC, whatever the server's own zone
    ("0001-01-01T05:00:00+05:00", 1),  # the first moment of year 1 in UTC
    ("9999-12-31T23:59:59+14:00", 0),
])
async def test_the_first_and_last_days_of_the_calendar_still_filter(
    staff: GraphQLClient, moment: str, found: int
) -> None:
    await new_ticket(staff)
    body = await staff.data(CREATED_AFTER, {"d": moment})
    assert body["tickets"]["totalCount"] == found


# --- Oversized ids, cursors and lists -------------------------------------------------------


async def test_a_cursor_nested_past_the_parser_is_invalid(staff: GraphQLClient) -> None:
    deep = base64.urlsafe_b64encode(("[" * 100_000).encode()).decode()
    for query in (TICKETS_AFTER, "query($c: String!) { departments(after: $c) { totalCount } }"):
        body = await staff.execute(query, {"c": deep})
        assert error_code(body) == "INVALID_CURSOR", body


async def test_an_enormous_cursor_is_invalid_without_being_decoded(staff: GraphQLClient) -> None:
    body = await staff.execute(TICKETS_AFTER, {"c": _cursor("2024-01-01T00:00:00+00:00", 1) + "A" * 100_000})
    assert error_code(body) == "INVALID_CURSOR"


@pytest.mark.parametrize("raw", ["Ticket:1_0", "Ticket: 1", "Ticket:+1", "Ticket:١", "Ticket:01", "Ticket:1 "])
async def test_an_id_must_be_written_as_the_server_writes_it(staff: GraphQLClient, raw: str) -> None:
    # int() reads "1_0", " 1", "+1" and Arabic-Indic digits; an ID names a row one way only.
    gid = base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")
    body = await staff.execute("query($id: ID!) { node(id: $id) { id } }", {"id": gid})
    assert error_code(body) == "INVALID_ID"


@pytest.mark.parametrize("suffix", ["=" * 100_000, "===", "=A"])
async def test_an_id_with_data_after_its_padding_is_invalid(staff: GraphQLClient, suffix: str) -> None:
    # The decoder would stop at the padding and read Ticket:1 from all of these.
    body = await staff.execute("query($id: ID!) { node(id: $id) { id } }", {"id": _gid("Ticket", 1) + suffix})
    assert error_code(body) == "INVALID_ID"


@pytest.mark.parametrize(("field", "value"), [
    ("departmentIds", _gid("Department", 1)),
    ("categoryIds", _gid("Category", 1)),
    ("assigneeIds", _gid("StaffUser", 1)),
])
async def test_a_filter_list_longer_than_any_query_can_take_is_a_bad_request(
    staff: GraphQLClient, field: str, value: str
) -> None:
    # PostgreSQL takes at most 32,767 parameters a statement.
    body = await staff.execute(
        f"query($l: [ID!]) {{ tickets(filter: {{{field}: $l}}) {{ totalCount }} }}", {"l": [value] * 40_000}
    )
    _no_database_error(body)
    assert error_code(body) == "BAD_REQUEST"


async def test_repeated_statuses_in_a_filter_are_one_condition(staff: GraphQLClient) -> None:
    await new_ticket(staff)
    body = await staff.data(
        "query($s: [TicketStatus!]) { tickets(filter: {status: $s}) { totalCount } }", {"s": ["NEW"] * 40_000}
    )
    assert body["tickets"]["totalCount"] == 1


@pytest.mark.parametrize("key", ["czm_\ud800_secret", "czm_\x00_secret"])
async def test_an_api_key_in_connection_init_is_checked_like_any_string(app: Any, key: str) -> None:
    # The key in `connection_init` is looked up in the database before the first operation runs.
    async with serving(app) as base, websockets.connect(
        f"ws://{base}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")]
    ) as socket_:
        await socket_.send(json.dumps({"type": "connection_init", "payload": {"apiKey": key}}))
        assert json.loads(await socket_.recv())["type"] == "connection_ack"
        await start(socket_, "1", "subscription { liveStats { received } }")
        message = json.loads(await asyncio.wait_for(socket_.recv(), 5))
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert [e["extensions"]["code"] for e in errors] == ["BAD_REQUEST"], message
