"""Documents schemathesis generates from the exported schema.graphql: every query and mutation,
with arguments written in the document itself, valid (positive) and with one violation each
(negative), sent as a citizen, as an administrator and to a production server."""

from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis.generation import GenerationMode
from schemathesis.graphql import nodes

from tests.fuzz import strategies as hostile
from tests.fuzz.budget import fuzzing
from tests.fuzz.oracle import LOGIN_RECORDS, TRIED, carried_out, graphql_body, refused
from tests.fuzz.runner import City, post_json

schemathesis.graphql.scalar("DateTime", hostile.datetimes.map(nodes.String))
# Files arrive only as multipart parts (raw-body tests cover those); written into a document, an
# Upload is a string or null, which must be refused as the client's mistake.
schemathesis.graphql.scalar("Upload", st.one_of(st.just(nodes.Null), hostile.texts.map(nodes.String)))
SCHEMA = schemathesis.graphql.from_path(Path(__file__).resolve().parents[2] / "schema.graphql")
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
# Signing in or out would change who the rest of the run is; a citizen may try anything.
STAFF_KEEPS_ITS_SESSION = {"Mutation.login", "Mutation.logout", "Mutation.logoutEverywhere"}


def documents(excluded: set[str] = frozenset()) -> st.SearchStrategy[Any]:  # type: ignore[assignment]
    return st.one_of(*[
        operation.as_strategy(generation_mode=mode)
        for operation in OPERATIONS if operation.label not in excluded
        for mode in GenerationMode
    ])


async def send(city: City, actor: str, case: Any) -> None:
    kind, _, field = case.operation.label.partition(".")
    client = city.clients[actor]
    label = city.label(f"schema: {case.operation.label}", actor)
    TRIED[label] += 1
    response = await post_json(client.http, {"query": case.body}, client.headers())
    if actor == "anonymous":
        client.http.cookies.clear()
    body = graphql_body(response)
    mutation = field if kind == "Mutation" else None
    carried, unchanged = carried_out(response, body, mutation), refused(response, body, mutation)
    may_write = LOGIN_RECORDS if field == "login" else frozenset()
    await city.settle(label, carried, unchanged, may_write, f"{case.body[:400]} → {response.text[:300]}")


CITIZEN_DOCUMENTS = documents()
ADMIN_DOCUMENTS = documents(STAFF_KEEPS_ITS_SESSION)


@fuzzing("schema")
@given(data=st.data())
async def test_the_whole_schema(city: City, data: st.DataObject) -> None:
    actor = data.draw(st.sampled_from(["anonymous", "admin"]), label="actor")
    case = data.draw(CITIZEN_DOCUMENTS if actor == "anonymous" else ADMIN_DOCUMENTS, label="document")
    await send(city, actor, case)


@fuzzing("schema_production")
@given(case=CITIZEN_DOCUMENTS)
async def test_the_whole_schema_in_production(production_city: City, case: Any) -> None:
    await send(production_city, "anonymous", case)
