"""What every answer to a hostile input must be: no 500, JSON in GraphQL's shape, each error
typed, and the database untouched when the request was refused."""

import json
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Inputs tried per surface in this run, and how many of them the server carried out (no error,
# no userErrors): the conftest prints both when the run ends.
TRIED: Counter[str] = Counter()
ACCEPTED: Counter[str] = Counter()

# What a fault looks like when it reaches the client: a masked one ("Unexpected error.") is a
# 500 in disguise. (Clients' own text is echoed in some messages: only driver and interpreter
# phrases no generated input contains.)
_FAULTS = ("(sqlalchemy.", "asyncpg.exceptions", "Traceback (most recent call last)", "maximum recursion depth",
           "QueuePool limit")
# Failed sign-ins are written down whatever becomes of the request: that is the throttle.
LOGIN_RECORDS = frozenset({"login_failures", "audit_log"})


def graphql_body(response: httpx.Response) -> dict[str, Any]:
    """The response's JSON, checked: every error a client can switch on, none of them a fault."""
    shown = f"{response.status_code} {response.text[:600]!r}"
    assert response.status_code < 500, shown
    assert response.headers.get("content-type", "").startswith("application/json"), shown
    body = response.json()
    assert isinstance(body, dict) and body.keys() <= {"data", "errors", "extensions"}, shown
    assert "data" in body or "errors" in body, shown
    errors = body.get("errors") or []
    assert isinstance(errors, list), shown
    for error in errors:
        assert isinstance(error.get("message"), str), shown
        code = (error.get("extensions") or {}).get("code")
        assert isinstance(code, str) and code and code != "INTERNAL_SERVER_ERROR", f"untyped error: {shown}"
        assert error["message"] != "Unexpected error.", f"a masked fault: {shown}"
        for fault in _FAULTS:
            assert fault not in error["message"], f"a fault shown to the client: {shown}"
    if response.status_code >= 400:
        assert body.get("data") is None and errors, f"a refusal must say why: {shown}"
    return body


def carried_out(response: httpx.Response, body: dict[str, Any], mutation: str | None) -> bool:
    """Whether the server did what was asked: no error, and no userErrors from the mutation."""
    if response.status_code >= 400 or body.get("errors") or body.get("data") is None:
        return False
    payload = body["data"].get(mutation) if mutation else None
    return not (isinstance(payload, dict) and payload.get("userErrors"))


def refused(response: httpx.Response, body: dict[str, Any], mutation: str | None) -> bool:
    """Whether nothing may have changed: a query, a refusal, any error (the request's one
    transaction is rolled back), or a mutation whose payload lists userErrors."""
    return mutation is None or not carried_out(response, body, mutation)


_TABLES = """
SELECT table_name FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'
"""


class Ledger:
    """What the database held after the last answer, to prove a refused request changed nothing.

    After every input, so it must be cheap: per table the number of rows and the newest
    row version's transaction (`xmin`). A committed insert or update adds a version with a
    newer xmin, a delete lowers the count; a rolled-back change leaves both as they were.
    Stricter than comparing contents: a refused request may not even rewrite a row unchanged.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.last: dict[str, str] = {}
        self._query = ""

    async def open(self) -> "Ledger":
        async with self.engine.connect() as connection:
            tables = sorted((await connection.execute(text(_TABLES))).scalars())
        marks = [f"(SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM \"{t}\")" for t in tables]
        self._query = f"SELECT {', '.join(marks)}"
        self._tables = tables
        self.last = await self._marks()
        return self

    async def _marks(self) -> dict[str, str]:
        async with self.engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            row = (await autocommit.execute(text(self._query))).one()
        return dict(zip(self._tables, row, strict=True))

    async def settle(self, unchanged: bool, *, may_write: frozenset[str] = frozenset(), shown: str = "") -> None:
        now = await self._marks()
        if unchanged:
            changed = sorted(t for t in now if now[t] != self.last.get(t) and t not in may_write)
            assert not changed, f"a refused request changed {changed}: {shown}"
        self.last = now


def ascii_json(value: Any) -> bytes:
    """JSON with every non-ASCII character escaped, so a lone surrogate travels as `\\ud800`."""
    return json.dumps(value, allow_nan=True).encode()
