"""Sending one generated input as a client would, and judging the answer."""

from dataclasses import dataclass, field
from typing import Any

import httpx
from hypothesis import strategies as st

from tests.fixtures.graphql import GraphQLClient
from tests.fuzz.operations import Inputs, Surface, surfaces
from tests.fuzz.oracle import ACCEPTED, LOGIN_RECORDS, TRIED, Ledger, ascii_json, carried_out, graphql_body, refused
from tests.fuzz.world import World


@dataclass
class City:
    """An app with its world: the clients to fuzz as, the data to borrow, the ledger."""

    app: Any
    mode: str
    world: World
    clients: dict[str, GraphQLClient]
    ledger: Ledger
    _inputs: dict[str, st.SearchStrategy[dict[str, Any]]] = field(default_factory=dict)

    def label(self, surface: str, actor: str) -> str:
        return f"{surface} ({actor}{', production' if self.mode == 'production' else ''})"

    async def settle(self, label: str, carried: bool, unchanged: bool, may_write: frozenset[str], shown: str) -> None:
        """After an answer: no database connection still held by the request, and no change
        to the database if the request was refused."""
        ACCEPTED[label] += carried
        held = self.app.state.engine.pool.checkedout()
        assert held == 0, f"{held} connection(s) still checked out after the answer: {shown}"
        await self.ledger.settle(unchanged, may_write=may_write, shown=shown)

    def inputs(self, surface: Surface) -> st.SearchStrategy[dict[str, Any]]:
        if surface.name not in self._inputs:
            self._inputs[surface.name] = Inputs(self.world).variables(surface)
        return self._inputs[surface.name]


def _borrow_tracking(surface: Surface, variables: dict[str, Any], pair: tuple[str, str]) -> None:
    """A real reference with its secret, so reopening and tracking get past the lookup."""
    target = variables.get("input") if surface.name == "reopenRequest" else variables
    if surface.name in ("reopenRequest", "trackRequest") and isinstance(target, dict):
        target["reference"], target["secret"] = pair


async def post_json(http: httpx.AsyncClient, payload: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return await http.post(
        "/graphql", content=ascii_json(payload), headers={"content-type": "application/json", **(headers or {})}
    )


async def try_surface(city: City, actor: str, data: st.DataObject, choices: list[str]) -> None:
    """Draw a surface and its variables, send them as `actor`, and judge the answer."""
    surface = surfaces()[data.draw(st.sampled_from(choices), label="surface")]
    variables = data.draw(city.inputs(surface), label="variables")
    if data.draw(st.booleans(), label="borrow tracking"):
        _borrow_tracking(surface, variables, data.draw(st.sampled_from(city.world.tracking)))
    client = city.clients[actor]
    label = city.label(surface.name, actor)
    TRIED[label] += 1
    response = await post_json(client.http, {"query": surface.document, "variables": variables}, client.headers())
    if actor == "anonymous":
        client.http.cookies.clear()  # a lucky login must not turn the citizen into staff
    body = graphql_body(response)
    mutation = surface.name if surface.mutation else None
    carried, unchanged = carried_out(response, body, mutation), refused(response, body, mutation)
    may_write = LOGIN_RECORDS if surface.name == "login" else frozenset()
    await city.settle(label, carried, unchanged, may_write, f"{surface.name} {variables!r:.300} → {body!r:.300}")
