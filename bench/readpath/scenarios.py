"""Each scenario's request for each target, and the one canonical form their answers are compared in."""

import base64
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

DOCUMENTS = Path(__file__).resolve().parent.parent / "scenarios"


@dataclass
class Request:
    path: str  # appended to the target's URL ("" for a GraphQL endpoint)
    body: bytes
    cookie: str = ""


@dataclass
class Scenario:
    name: str
    requests: dict[str, Request]  # target name -> its request; a target left out has no peer here
    compare: bool = True
    consoles: bool = False  # run Çözüm's rounds with staff consoles subscribed (readpath/consoles.py)
    mail: bool = False  # count the e-mails its rounds queued at the SMTP sink (readpath/mail.py)


def _graphql(document: str, variables: dict[str, Any], cookie: str = "") -> Request:
    text = (DOCUMENTS / document).read_text()
    return Request("", orjson.dumps({"query": text, "variables": variables}), cookie)


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


MAILED = {"name": "Ayşe Demir", "email": "ayse.demir@example.org"}


def build(cookie: str, department: int, status: str, ticket: int, tracked: tuple[str, str],
          category: int, prefix: str) -> list[Scenario]:
    """The scenarios, with the data they point at (found in the dataset by the runner)."""
    reference, secret = tracked
    submit = {"title": "Kaldırım bozuk", "description": "Sokağımızdaki kaldırım taşları yerinden çıkmış."}
    return [
        Scenario("queue", {
            "cozum": _graphql("queue.graphql", {}, cookie),
            "postgraphile": _graphql("queue.postgraphile.graphql", {}),
            "raw": Request("/queue", b"{}")}),
        Scenario("queue, department + status", {
            "cozum": _graphql("queue.graphql", {"filter": {"departmentIds": [gid("Department", department)],
                                                           "status": [status]}}, cookie),
            "postgraphile": _graphql("queue.postgraphile.graphql",
                                     {"condition": {"departmentId": department, "status": status}}),
            "raw": Request("/queue-filtered", orjson.dumps({"department": department, "status": status}))}),
        Scenario("ticket detail + timeline", {
            "cozum": _graphql("detail.graphql", {"id": gid("Ticket", ticket)}, cookie),
            "postgraphile": _graphql("detail.postgraphile.graphql", {"rowId": ticket}),
            "raw": Request("/detail", orjson.dumps({"ticket": ticket}))}),
        Scenario("trackRequest", {
            "cozum": _graphql("track.graphql", {"reference": reference, "secret": secret}),
            "postgraphile": _graphql("track.postgraphile.graphql", {"reference": reference}),
            "raw": Request("/track", orjson.dumps({"reference": reference, "secret": secret}))}),
        # PostGraphile's createTicket writes one row and no event: no peer (see README).
        Scenario("submitRequest", {
            "cozum": _graphql("submit.graphql", {"input": {"categoryId": gid("Category", category), **submit}}),
            "raw": Request("/submit", orjson.dumps({**submit, "category": category, "prefix": prefix}))},
            compare=False, consoles=True),
        # The same citizen asking to be answered by e-mail: each submission also queues its
        # RECEIVED notice, which the in-process worker sends to the bench's SMTP server.
        Scenario("submitRequest, e-mail reply", {
            "cozum": _graphql("submit.graphql", {"input": {"categoryId": gid("Category", category), **submit,
                                                           "contact": MAILED, "replyChannel": "EMAIL"}})},
            compare=False, consoles=True, mail=True),
        Scenario("{ __typename } anonymous", {"cozum": _graphql("typename.graphql", {})}, compare=False),
        Scenario("{ __typename } staff", {"cozum": _graphql("typename.graphql", {}, cookie)}, compare=False),
    ]


# PostGraphile's names for the same things.
_RENAME: dict[str, str] = {"rowId": "id", "departmentByDepartmentId": "department", "categoryByCategoryId": "category",
           "userByAssigneeId": "assignee", "ticketEventsByTicketId": "timeline"}
_INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def _value(key: str, value: Any) -> Any:
    if isinstance(value, dict):
        if "edges" in value:
            return _value(key, [edge["node"] for edge in value["edges"]])
        if "nodes" in value:
            return _value(key, value["nodes"])
        renamed = {_RENAME.get(str(k), str(k)): v for k, v in value.items()}
        return {k: _value(k, v) for k, v in sorted(renamed.items())}
    if isinstance(value, list):
        items = [_value("", v) for v in value]
        # A timeline's order is the only one the documents ask differently (newest or oldest first).
        return sorted(items, key=lambda e: e["id"]) if key == "timeline" else items
    if key == "id" and isinstance(value, str):
        if value.isdigit():
            return int(value)
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        return int(raw.partition(":")[2])
    if isinstance(value, str) and _INSTANT.match(value):
        return datetime.fromisoformat(value).astimezone(UTC).isoformat(timespec="microseconds")
    return value


def canonical(body: bytes) -> bytes:
    """The answer's content: its one root field's value, ids as primary keys, instants in UTC."""
    data = orjson.loads(body).get("data") or {}
    root = next(iter(data.values()), None) if data else None
    return orjson.dumps(_value("", root), option=orjson.OPT_SORT_KEYS)
