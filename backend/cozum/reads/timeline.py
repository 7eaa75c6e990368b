"""`Ticket.timeline(…)`: a page of a ticket's entries as `paginate` pages them (kit/pagination.py).

The key is the entry's id, ascending: `first`/`after` read forward from the oldest, `last`/`before`
backward from the newest, and either way the page lists its entries oldest first. A cursor is
`[id, id]` (the sort value, then the row's id), compared as the pair it is, as `keyset_page` does.
"""

from graphql import GraphQLError
from sqlalchemy import BigInteger

from cozum.kit.pagination import PageArgs, SortKey, decode_cursor
from cozum.reads.objects import Objects, add_writers
from cozum.reads.selection import Field, Unplannable
from cozum.reads.sql import base64url, obj
from cozum.tickets.models import TicketEvent
from cozum.tickets.types import EVENT_ORDER

_KEY: SortKey = EVENT_ORDER


Bound = tuple[int, int] | None  # a decoded cursor: (sort value, id)


def _args(o: Objects, field: Field) -> tuple[PageArgs, Bound, Bound]:
    """The page's arguments, and its `after` and `before` cursors decoded."""
    given = o.document.resolver_arguments(field, "Ticket")
    try:
        args = PageArgs(given.get("first"), given.get("after"), given.get("last"), given.get("before"))
        after, before = (None if c is None else decode_cursor(c, _KEY) for c in (args.after, args.before))
    except GraphQLError as refused:
        raise Unplannable("an argument the resolver refuses, with its own message") from refused
    return args, after, before


def _beyond(o: Objects, event: str, bound: Bound, later: bool) -> str:
    if bound is None:
        return ""
    value, pk = bound
    pair = f"({o.parameters.add(value, BigInteger())}, {o.parameters.add(pk, BigInteger())})"
    return f" AND ({event}.id, {event}.id) {'>' if later else '<'} {pair}"


def _cursor(event: str) -> str:
    # encode_cursor([id, id]): base64url of json.dumps([5, 5]), padding kept.
    return base64url(f"'[' || {event}.id::text || ', ' || {event}.id::text || ']'")


def timeline(o: Objects, row: str, field: Field) -> str:
    args, after, before = _args(o, field)
    size = int(args.size)
    event, page = o.aliases.next(), o.aliases.next()
    where = _beyond(o, event, after, True) + _beyond(o, event, before, False)
    newest_first = "DESC" if args.backwards else "ASC"
    # The page and one more row (there is a next page, or a previous one), numbered from the
    # end it is read from; the size is written in, as the queue page's (reads/tickets_page.py).
    rows = (
        f"SELECT {event}.*, row_number() OVER (ORDER BY {event}.id {newest_first}) AS n"
        f" FROM {TicketEvent.__tablename__} AS {event} WHERE {event}.ticket_id = {row}.id{where}"
        f" ORDER BY {event}.id {newest_first} LIMIT {size + 1}"
    )
    inside = f"{page}.n <= {size}"
    more = f"(count(*) > {size})"

    def page_info(part: Field) -> str | None:
        if part.name == "hasNextPage":
            return str(args.before is not None).lower() if args.backwards else more
        if part.name == "hasPreviousPage":
            return more if args.backwards else str(args.after is not None).lower()
        if part.name in ("startCursor", "endCursor"):
            order = "ASC" if part.name == "startCursor" else "DESC"
            return f"(array_agg({_cursor(page)} ORDER BY {page}.id {order}) FILTER (WHERE {inside}))[1]"
        return None

    def connection(part: Field) -> str | None:
        if part.name == "edges":
            edges = o.edge(part, "TicketEvent", page, _cursor(page))
            return f"coalesce(json_agg({edges} ORDER BY {page}.id) FILTER (WHERE {inside}), '[]'::json)"
        if part.name == "pageInfo":
            return obj(o.selected(part, "PageInfo", page_info))
        if part.name == "totalCount":
            counted = o.aliases.next()
            return (f"(SELECT count(*) FROM {TicketEvent.__tablename__} AS {counted}"
                    f" WHERE {counted}.ticket_id = {row}.id)")
        return None

    written = obj(o.selected(field, "TicketEventConnection", connection))
    # One row, whatever the selection aggregates (`GROUP BY ()`: one group, even of no rows).
    return f"(SELECT {written} FROM ({rows}) AS {page} GROUP BY ())"


add_writers({("Ticket", "timeline"): timeline})
