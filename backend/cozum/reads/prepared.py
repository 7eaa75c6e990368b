"""Statements the compiled read path wrote, kept for the same query from the same kind of caller.

Thousands of consoles open on the default queue send the same document with the same variables
every time a live event refreshes them. Planning its statement (walking the selection, building
the filter, compiling) is a third of the Python such a request costs; the statement itself
depends on nothing else than the document, its variables and what the caller may read. So it is
kept, by those, and only the request's time is put into it anew. No rows are kept: the statement
runs each time, and reads what is committed then.
"""

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import orjson
from graphql import OperationDefinitionNode
from graphql.execution.values import VariableValues

from cozum.auth.actor import Actor

# Statements, a few kilobytes each.
KEPT = 1000


@dataclass(frozen=True)
class Prepared:
    keys: tuple[str, ...]  # the root fields' response keys, in order
    text: str
    values: tuple[Any, ...]
    moments: tuple[tuple[int, timedelta], ...]  # positions of the request's time (plus an offset)
    # Positions of values taken from a variable (reads/sql.py's `given`): its name, and how.
    slots: tuple[tuple[int, str, Callable[[Any], Any]], ...]
    first_key: str  # where an error of the statement is reported

    @property
    def slot_variables(self) -> frozenset[str]:
        return frozenset(variable for _, variable, _ in self.slots)

    def values_at(self, now: datetime, variables: Mapping[str, Any]) -> list[Any]:
        """The values for this request; a slot's function may refuse its variable (Unplannable)."""
        values = list(self.values)
        for position, offset in self.moments:
            values[position] = now + offset
        for position, variable, fill in self.slots:
            values[position] = fill(variables.get(variable))
        return values


Key = tuple[bytes, str, frozenset[str], frozenset[Any], Any, int | None]


def key_of(
    operation: OperationDefinitionNode, variables: VariableValues, actor: Actor, slots: frozenset[str],
) -> Key | None:
    """What the statement depends on: the document's text and the operation in it, the coerced
    variables but those its statement takes anew each time (`slots`), and the rights
    `readable(actor)` and the root fields' permissions look at."""
    source = operation.loc.source.body if operation.loc is not None else None
    if source is None:
        return None
    coerced = variables.coerced or {}
    if slots:
        coerced = {variable: value for variable, value in coerced.items() if variable not in slots}
    try:
        given = orjson.dumps(coerced, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return None  # a value orjson cannot write: not worth a key of its own
    digest = hashlib.sha256(source.encode() + b"\0" + given).digest()
    name = operation.name.value if operation.name is not None else ""
    return digest, name, slots, actor.permissions, actor.ticket_scope, actor.department_id


def document_of(operation: OperationDefinitionNode) -> tuple[str, str] | None:
    if operation.loc is None:
        return None
    return operation.loc.source.body, operation.name.value if operation.name is not None else ""


class PreparedReads:
    def __init__(self) -> None:
        self._kept: OrderedDict[Key, Prepared] = OrderedDict()
        # The variables each document's statement takes anew (none for most): they are left out
        # of its key, so that every reference and secret tracked shares one statement.
        self._slots: OrderedDict[tuple[str, str], frozenset[str]] = OrderedDict()

    def slots_of(self, document: tuple[str, str] | None) -> frozenset[str]:
        return self._slots.get(document, frozenset()) if document is not None else frozenset()

    def learn_slots(self, document: tuple[str, str] | None, slots: frozenset[str]) -> None:
        if document is None:
            return
        self._slots.pop(document, None)
        if slots:
            self._slots[document] = slots
            if len(self._slots) > KEPT:
                self._slots.popitem(last=False)

    def get(self, key: Key) -> Prepared | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: Key, prepared: Prepared) -> None:
        self._kept[key] = prepared
        if len(self._kept) > KEPT:
            self._kept.popitem(last=False)
