"""SQL text that writes values exactly as the resolvers' scalars serialise them.

Text, not SQLAlchemy expressions: a page of the queue is some 40 expressions per row, and
building them as objects cost more per request (~20 ms) than the resolvers they replace. What is
written into the text is only ever a GraphQL name (checked), a table or column name of ours, or
a placeholder; every value travels as a bound parameter.
"""

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import DateTime, TypeEngine

from cozum.reads.selection import Unplannable

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
_PLACEHOLDER = re.compile(r":(read_\d+)\b")


@lru_cache(maxsize=4096)  # response keys and type names repeat from request to request
def name(text: str) -> str:
    """A GraphQL name (a response key, a type name) as a SQL string constant. The grammar allows
    names letters, digits and `_` alone, so none needs quoting; anything else is refused."""
    if not _NAME.fullmatch(text):
        raise ValueError(f"not a GraphQL name: {text!r}")
    return f"'{text}'"


# PostgreSQL passes at most 100 arguments to a function: json_build_object takes key, value pairs.
MAX_KEYS = 50


def obj(pairs: Sequence[tuple[str, str]]) -> str:
    # `json`, not `jsonb`: it keeps the keys in selection order, as the resolvers' answer does.
    if len(pairs) > MAX_KEYS:
        raise Unplannable("more fields than one json_build_object takes")
    return "json_build_object(" + ", ".join(f"{name(key)}, {value}" for key, value in pairs) + ")"


def float_json(number: str) -> str:
    """A double as Python's JSON writes a float: `41.0`, where PostgreSQL's JSON writes `41`."""
    return f"(CASE WHEN {number} = trunc({number}) THEN to_json({number}::numeric(20, 1)) ELSE to_json({number}) END)"


def iso_datetime(moment: str) -> str:
    """Python's `datetime.isoformat()` of a timestamptz in UTC, as Strawberry's DateTime writes
    it: microseconds only when there are some, and `+00:00` rather than `+00`. Null stays null."""
    written = f"to_char({moment} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    return f"(replace({written}, '.000000', '') || '+00:00')"


def base64url(text: str) -> str:
    # PostgreSQL's base64 has the standard alphabet and breaks lines every 76 characters.
    encoded = f"encode(convert_to({text}, 'UTF8'), 'base64')"
    return f"translate(replace({encoded}, E'\\n', ''), '+/', '-_')"


def global_id(type_name: str, pk: str) -> str:
    """kit/relay.py's `to_global_id`: base64url of `Type:pk`, padding dropped."""
    if not _NAME.fullmatch(type_name):
        raise ValueError(f"not a GraphQL name: {type_name!r}")
    written = f"'{type_name}:' || {pk}::text"
    return f"rtrim({base64url(written)}, '=')"


class Parameters:
    """The values a statement's text refers to, each under a name of its own."""

    def __init__(self) -> None:
        self.bound: list[BindParameter[Any]] = []
        # Those that are the request's time (plus an offset): a statement kept for reuse
        # (reads/prepared.py) gets them anew each time it runs.
        self.moments: dict[str, timedelta] = {}
        # Those taken from a variable of the request (by a function of its value): a kept
        # statement gets them from each request's variables, which its key then leaves out.
        self.slots: dict[str, tuple[str, Callable[[Any], Any]]] = {}
        self.reusable = True

    def add(self, value: Any, sql_type: TypeEngine[Any] | None = None) -> str:
        key = f"read_{len(self.bound)}"
        self.bound.append(bindparam(key, value, type_=sql_type))
        return f":{key}"

    def moment(self, now: datetime, offset: timedelta = timedelta(0)) -> str:
        placeholder = self.add(now + offset, DateTime(timezone=True))
        self.moments[placeholder[1:]] = offset
        return placeholder

    def given(self, variable: str, value: Any, fill: Callable[[Any], Any], sql_type: TypeEngine[Any]) -> str:
        """`fill(value)`, where `value` is the request's variable `variable`. Filled in at each run
        (reads/prepared.py), the first one too: the statement and its compiled form, both kept,
        hold no caller's value (a reference, a secret's hash)."""
        fill(value)  # refused now (Unplannable) as it would be at each run
        placeholder = self.add(None, sql_type)
        self.slots[placeholder[1:]] = (variable, fill)
        return placeholder

    def bound_as(self, placeholder: str) -> BindParameter[Any]:
        """The parameter behind `placeholder`, for a part of the statement built as an expression."""
        return next(p for p in self.bound if p.key == placeholder[1:])

    def slot_uses(self) -> Counter[str]:
        return Counter(variable for variable, _ in self.slots.values())

    def used_in(self, text: str) -> list[BindParameter[Any]]:
        """Those the text refers to: a writer may add one for a part the selection then leaves out."""
        used = set(_PLACEHOLDER.findall(text))
        return [p for p in self.bound if p.key in used]


class Aliases:
    """Names for the tables of a statement's subqueries: r1, r2, …"""

    def __init__(self) -> None:
        self.count = 0

    def next(self) -> str:
        self.count += 1
        return f"r{self.count}"
