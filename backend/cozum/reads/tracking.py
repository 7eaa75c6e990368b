"""`trackRequest(reference, secret)` in one statement: the citizen's view of their request.

The ticket is found as tickets/tracking.py finds it: the reference as typed, trimmed and in
capitals, and the SHA-256 of the secret equal to the stored one. Both conditions are one index
lookup, so a wrong secret and an unknown reference cost the same and answer the same: null.
Only what TrackedRequest shows from the rows is written here; its satisfaction and attachments
go to the resolvers (the whole document does, then).
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Text

from cozum.auth.actor import Actor
from cozum.kit.language import Language
from cozum.reads.objects import Objects, Writer, add_writers, location, status_label
from cozum.reads.selection import Field, Unplannable
from cozum.reads.sql import iso_datetime, obj
from cozum.reads.tickets_page import Compiled
from cozum.tickets.enums import CLOSED_STATUSES, TicketStatus
from cozum.tickets.lifecycle import CITIZEN_REOPEN_WINDOW
from cozum.tickets.public_types import _PUBLIC_MESSAGES
from cozum.tickets.references import hash_secret

# As find_tracked: longer ones are no reference or secret of ours.
MAX_REFERENCE, MAX_SECRET = 40, 100


def _reference(given: Any) -> str:
    if not isinstance(given, str) or len(given) > MAX_REFERENCE:
        raise Unplannable("no reference of ours")  # the resolver answers null
    return given.strip().upper()


def _secret_hash(given: Any) -> str:
    if not isinstance(given, str) or len(given) > MAX_SECRET:
        raise Unplannable("no secret of ours")
    return hash_secret(given)


def track_request(objects: Objects, root: Field, actor: Actor) -> Compiled:
    given = objects.document.resolver_arguments(root, "Query")
    row = objects.aliases.next()
    written = objects.object("TrackedRequest", row, objects.document.children(root, "TrackedRequest"))
    found, secret_hash = (_argument(objects, root, given, *a) for a in (("reference", _reference),
                                                                       ("secret", _secret_hash)))
    where = f"{row}.reference = {found} AND {row}.secret_hash = {secret_hash}"
    return Compiled(f"(SELECT {written} FROM tickets AS {row} WHERE {where})")


def _argument(objects: Objects, root: Field, given: dict[str, Any], argument: str, fill: Callable[[Any], str]) -> str:
    """The argument's value as `fill` makes it, taken from the request's variables at each run:
    one statement serves every citizen and holds none's reference or secret. Written into the
    document instead (the portal never does), it goes to the resolver: a statement or its
    compiled form kept with it would keep a secret's hash in memory."""
    variable = objects.document.variable_of(root, argument)
    if variable is None:
        raise Unplannable(f"a {argument} written into the document")
    return objects.parameters.given(variable, given[argument], fill, Text())


def _status_label(o: Objects, row: str, field: Field) -> str:
    return status_label(o, "TrackedRequest", field, f"{row}.status")


def _names(table: str, key: str) -> Writer:
    def write(o: Objects, row: str, field: Field) -> str:
        column = "name_en" if o.language("TrackedRequest", field) is Language.EN else "name_tr"
        alias = o.aliases.next()
        return f"(SELECT {alias}.{column} FROM {table} AS {alias} WHERE {alias}.id = {row}.{key})"
    return write


def _location(o: Objects, row: str, field: Field) -> str:
    # PublicLocation.of: none at all when the citizen gave nothing of it.
    given = " AND ".join(f"{row}.{c} IS NULL" for c in ("latitude", "longitude", "address", "neighbourhood"))
    return f"(CASE WHEN {given} THEN NULL ELSE {location(o, row, field, 'PublicLocation')} END)"


def _can_reopen(o: Objects, row: str, field: Field) -> str:
    # TrackedRequest.can_reopen: closed other than as a duplicate, within the window.
    reopenable = ", ".join(f"'{s.name}'" for s in sorted(CLOSED_STATUSES - {TicketStatus.DUPLICATE}, key=str))
    since = o.parameters.moment(o.started, -CITIZEN_REOPEN_WINDOW)
    return f"({row}.status IN ({reopenable}) AND {row}.closed_at IS NOT NULL AND {row}.closed_at >= {since})"


def _timeline(o: Objects, row: str, field: Field) -> str:
    """The public entries, oldest first, as TrackedRequest.build lists them."""
    event = o.aliases.next()
    messages = ", ".join(f"'{t.name}'" for t in sorted(_PUBLIC_MESSAGES, key=str))
    columns = {"type": f"{event}.type", "status": f"{event}.to_status", "at": iso_datetime(f"{event}.created_at"),
               "message": f"(CASE WHEN {event}.type IN ({messages}) THEN {event}.message END)"}

    def write(part: Field) -> str | None:
        if part.name == "statusLabel":
            return status_label(o, "PublicTimelineEntry", part, f"{event}.to_status")
        return columns.get(part.name)

    entries = obj(o.selected(field, "PublicTimelineEntry", write))
    listed = (
        f"SELECT json_agg({entries} ORDER BY {event}.id) FROM ticket_events AS {event}"
        f" WHERE {event}.ticket_id = {row}.id AND {event}.public"
    )
    return f"coalesce(({listed}), '[]'::json)"


add_writers({
    ("TrackedRequest", "statusLabel"): _status_label,
    ("TrackedRequest", "categoryName"): _names("categories", "category_id"),
    ("TrackedRequest", "departmentName"): _names("departments", "department_id"),
    ("TrackedRequest", "location"): _location,
    ("TrackedRequest", "canReopen"): _can_reopen,
    ("TrackedRequest", "timeline"): _timeline,
})
