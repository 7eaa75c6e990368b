"""The JSON of one object of the schema, written as SQL over the row that holds it.

Each type lists the fields it writes from its own columns; the rest (related rows, computed
values) have a writer of their own. A field in neither is not known here, and the document goes
to the resolvers (`Unplannable`): what this module writes must be what they would answer, field
for field, so it covers only fields whose answer is a plain function of the rows. Private and
masked values (a contact, a staff member's e-mail and role) are never among them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, Text

from cozum.auth.models import User
from cozum.departments.models import Category, Department
from cozum.kit.language import Language, pick
from cozum.reads.selection import Document, Field, Unplannable
from cozum.reads.sql import Aliases, Parameters, float_json, global_id, iso_datetime, name, obj
from cozum.tickets.enums import STATUS_LABELS, TicketStatus
from cozum.tickets.models import Ticket, TicketEvent


@dataclass(frozen=True)
class Shape:
    table: str
    plain: frozenset[str]  # columns written as they are: text, numbers, booleans, enum names
    moments: frozenset[str]  # timestamptz columns, written as the DateTime scalar writes them


def _shape(model: Any, plain: str, moments: str = "") -> Shape:
    table: Table = model.__table__
    shape = Shape(table.name, frozenset(plain.split()), frozenset(moments.split()))
    # Only names of our own columns are ever written into the statement's text.
    assert shape.plain | shape.moments <= set(table.c.keys()), f"{table.name}: unknown columns"
    return shape


SHAPES: dict[str, Shape] = {
    "Ticket": _shape(
        Ticket,
        "reference request_type status priority channel channel_reference reply_channel title "
        "description resolution forwarded_to version",
        "due_at legal_due_at on_hold_since closed_at created_at updated_at",
    ),
    "Department": _shape(Department, "code name_tr name_en active"),
    "Category": _shape(
        Category, "code name_tr name_en sla_hours remit external_institution default_priority active"
    ),
    "StaffUser": _shape(User, "name active"),
    "TicketEvent": _shape(TicketEvent, "type actor_label public from_status to_status message", "created_at"),
    # The citizen's view of a ticket (reads/tracking.py writes what is not a column).
    "TrackedRequest": _shape(
        Ticket, "reference request_type status title description resolution forwarded_to",
        "created_at updated_at due_at closed_at",
    ),
}


# The columns of a ticket the writers below read: what a page of tickets carries (not its
# search vector or secret hash, which would only weigh on the materialised page).
TICKET_COLUMNS = sorted(
    SHAPES["Ticket"].plain | SHAPES["Ticket"].moments
    | {"id", "category_id", "department_id", "assignee_id", "latitude", "longitude", "address", "neighbourhood"}
)


def _snake(field_name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in field_name)


class Objects:
    """Writes the objects of one statement: the document's selections, its parameters (the
    time the request started among them) and the aliases of its subqueries."""

    def __init__(self, document: Document, now: datetime):
        self.document = document
        self.parameters = Parameters()
        self.aliases = Aliases()
        self.started = now
        self._now_parameter: str | None = None

    @property
    def now(self) -> str:
        if self._now_parameter is None:
            self._now_parameter = self.parameters.moment(self.started)
        return self._now_parameter

    def object(self, type_name: str, row: str, fields: list[Field]) -> str:
        return obj([(f.key, self.value(type_name, row, f)) for f in fields])

    def value(self, type_name: str, row: str, field: Field) -> str:
        if field.name == "__typename":
            return name(type_name)
        writer = _WRITERS.get((type_name, field.name))
        if writer is not None:
            return writer(self, row, field)
        if any(node.arguments for node in field.nodes):
            raise Unplannable(f"{type_name}.{field.name} with arguments")
        shape = SHAPES[type_name]
        column = _snake(field.name)
        if field.name == "id":
            return global_id(type_name, f"{row}.id")
        if column in shape.plain:
            return f"{row}.{column}"
        if column in shape.moments:
            return iso_datetime(f"{row}.{column}")
        raise Unplannable(f"{type_name}.{field.name}")

    def selected(self, field: Field, type_name: str, write: Callable[[Field], str | None]) -> list[tuple[str, str]]:
        """The (response key, SQL) pairs of `field`'s selection on `type_name`: `__typename`, and
        what `write` answers for each other field; None from it is a field not known here."""
        pairs: list[tuple[str, str]] = []
        for part in self.document.children(field, type_name):
            value = name(type_name) if part.name == "__typename" else write(part)
            if value is None:
                raise Unplannable(f"{type_name}.{part.name}")
            pairs.append((part.key, value))
        return pairs

    def edge(self, edge: Field, node_type: str, row: str, cursor: str) -> str:
        """One edge of a connection over `row` (a `{node_type}Edge`): `cursor` is its SQL."""
        def write(part: Field) -> str | None:
            if part.name == "cursor":
                return cursor
            if part.name == "node":
                return self.object(node_type, row, self.document.children(part, node_type))
            return None

        return obj(self.selected(edge, f"{node_type}Edge", write))

    def related(self, type_name: str, field: Field, where: str, order: str = "") -> str:
        """Another row's object (JSON null when there is none) as a correlated subquery;
        `where` and `order` write `{r}` for that row's alias."""
        alias = self.aliases.next()
        written = self.object(type_name, alias, self.document.children(field, type_name))
        table = SHAPES[type_name].table
        return f"(SELECT {written} FROM {table} AS {alias} WHERE {where.format(r=alias)}{order.format(r=alias)})"

    def language(self, type_name: str, field: Field) -> Language:
        chosen: Language = self.document.arguments(field, type_name).get("language", Language.TR)
        return chosen


Writer = Callable[[Objects, str, Field], str]


def _department(o: Objects, row: str, field: Field) -> str:
    return o.related("Department", field, f"{{r}}.id = {row}.department_id")


def _category(o: Objects, row: str, field: Field) -> str:
    return o.related("Category", field, f"{{r}}.id = {row}.category_id")


def _assignee(o: Objects, row: str, field: Field) -> str:
    return o.related("StaffUser", field, f"{{r}}.id = {row}.assignee_id")


def _last_event(o: Objects, row: str, field: Field) -> str:
    # As LastEventByTicketIdLoader: the ticket's newest entry by id, public or not.
    return o.related("TicketEvent", field, f"{{r}}.ticket_id = {row}.id", " ORDER BY {r}.id DESC LIMIT 1")


def _overdue(o: Objects, row: str, field: Field) -> str:
    # As Ticket.overdue: open, not on hold, and past a due date it has. The `IS NOT NULL` keeps
    # the answer false rather than null for a ticket without one (false AND null is false).
    return (
        f"({row}.closed_at IS NULL AND {row}.status <> '{TicketStatus.ON_HOLD.name}'"
        f" AND {row}.due_at IS NOT NULL AND {row}.due_at < {o.now})"
    )


def status_label(o: Objects, type_name: str, field: Field, status: str) -> str:
    """The label of the status in column `status` (null when it is null), in the field's language."""
    language = o.language(type_name, field)
    cases = " ".join(
        f"WHEN '{value.name}' THEN CAST({o.parameters.add(pick(language, *STATUS_LABELS[value]), Text())} AS text)"
        for value in TicketStatus
    )
    return f"(CASE {status} {cases} END)"


def _status_label(o: Objects, row: str, field: Field) -> str:
    return status_label(o, "Ticket", field, f"{row}.status")


def add_writers(writers: dict[tuple[str, str], Writer]) -> None:
    _WRITERS.update(writers)


def _name(type_name: str) -> Writer:
    def write(o: Objects, row: str, field: Field) -> str:
        return f"{row}.name_en" if o.language(type_name, field) is Language.EN else f"{row}.name_tr"
    return write


def location(o: Objects, row: str, field: Field, type_name: str = "Location") -> str:
    def write(part: Field) -> str | None:
        if part.name in ("latitude", "longitude"):
            return float_json(f"{row}.{part.name}")
        return f"{row}.{part.name}" if part.name in ("address", "neighbourhood") else None
    return obj(o.selected(field, type_name, write))


def _event_cursor(o: Objects, row: str, field: Field) -> str:
    return f"{row}.id::text"


# Writers other modules add for their own types (reads/tracking.py).
_WRITERS: dict[tuple[str, str], Writer] = {
    ("Ticket", "department"): _department,
    ("Ticket", "category"): _category,
    ("Ticket", "assignee"): _assignee,
    ("Ticket", "lastEvent"): _last_event,
    ("Ticket", "overdue"): _overdue,
    ("Ticket", "statusLabel"): _status_label,
    ("Ticket", "location"): location,
    ("Category", "department"): _department,
    ("StaffUser", "department"): _department,
    ("Department", "name"): _name("Department"),
    ("Category", "name"): _name("Category"),
    ("TicketEvent", "cursor"): _event_cursor,
}
