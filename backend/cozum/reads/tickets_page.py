"""`tickets(…)` in one statement: the page, its cursors, `pageInfo` and the count.

The rows are the ones `tickets` (tickets/queries.py) would page through: the same filter and
access rule (`matching`), the same sort key and keyset condition (`keyset_page`), checked by the
same functions, and built with SQLAlchemy as they are there. Arguments those refuse go to the
resolver, which reports them in its own words. The JSON around the rows is SQL text
(reads/objects.py) over two common table expressions: `page`, the rows and one more (it tells
whether there is a next page), numbered; and `matching`, every row the filter lets through, read
only when the document asks for `totalCount`.
"""

from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Any

from graphql import GraphQLError
from sqlalchemy import Boolean, Integer, Select, Table, func, literal_column, select
from sqlalchemy.dialects.postgresql import asyncpg
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlalchemy.sql.selectable import CTE, Exists, ScalarSelect, SelectBase

from cozum.auth.actor import Actor
from cozum.kit.ordering import OrderDirection
from cozum.kit.pagination import PageArgs, SortKey, keyset_page
from cozum.reads.objects import TICKET_COLUMNS, Objects
from cozum.reads.selection import Field, Unplannable
from cozum.reads.sql import base64url, iso_datetime, obj
from cozum.tickets.inputs import TicketOrder, TicketOrderField
from cozum.tickets.models import Ticket
from cozum.tickets.queries import matching, sort_key

_SORT, _POSITION = "_sort_value", "_position"


@dataclass
class Compiled:
    """A root field's JSON as SQL text, and the common table expressions it reads."""

    sql: str
    ctes: list[CTE] = field(default_factory=list)


@dataclass(frozen=True)
class Names:
    """The common table expressions of one root field (a document may page twice, aliased)."""

    page: str
    matching: str

    @classmethod
    def next(cls, objects: Objects) -> "Names":
        n = objects.aliases.next()
        return cls(f"page_{n}", f"matching_{n}")


def tickets_connection(objects: Objects, root: Field, actor: Actor) -> Compiled:
    try:
        given = objects.document.resolver_arguments(root, "Query")
        args = PageArgs(given.get("first"), given.get("after"), given.get("last"), given.get("before"))
        key = sort_key(given.get("order_by"))
        if args.backwards:
            raise Unplannable("a backward page")  # rare; the resolver reverses it
        base = matching(actor, given.get("filter"))
        if given.get("filter") is not None and given["filter"].overdue is not None:
            objects.parameters.reusable = False  # the filter holds the request's time
        names = Names.next(objects)
        page = _page(base, key, args, names, given.get("order_by"))
    except GraphQLError as refused:
        raise Unplannable("an argument the resolver refuses, with its own message") from refused
    compiled = Compiled("", [page])
    compiled.sql = _connection(objects, root, args, compiled, base, names)
    return compiled


def _page(base: Any, key: SortKey, args: PageArgs, names: Names, order: TicketOrder | None) -> CTE:
    # Only the filter's WHERE is carried over: a join the filter came to need would be lost. A test
    # (tests/reads/test_compiled_reads.py) checks every filter reads the tickets table alone;
    # checking here, per request, cost more than the rest of the planning.
    numbered = _numbered(*_order_of(order))
    if base.whereclause is not None:
        numbered = numbered.where(_written_in(base.whereclause))
    # The page's size written into the statement, not bound: with `LIMIT $1` PostgreSQL cannot
    # cost a generic plan below a custom one and plans the statement anew at every execution
    # (0.4 ms of the page's 1.5 ms); with `LIMIT 51` it plans once per connection.
    size = literal_column(str(int(args.size) + 1), Integer())
    return keyset_page(numbered, key, args).limit(size).cte(names.page)


# The dialect the statement runs on (numbered placeholders: a `%` stays a `%`).
_DIALECT = asyncpg.dialect()  # type: ignore[no-untyped-call]


def _written_in(where: ColumnElement[bool]) -> ColumnElement[bool]:
    """The filter with its values written in, when all are row ids and enum members (a
    department and a status, say): bound, they made PostgreSQL plan the page anew at every
    execution, a custom plan being cheaper for the busiest department than the generic one.
    The kept statement is one per filter anyway (its values are in the key: reads/prepared.py).
    Text (a search, a neighbourhood) and instants stay bound; so does a clause with a subquery,
    which compiled on its own would lose its correlation to the page's row."""
    elements = list(visitors.iterate(where))
    if any(isinstance(e, SelectBase | ScalarSelect | Exists) for e in elements):
        return where
    values = [e.value for e in elements if isinstance(e, BindParameter)]
    flat = [v for value in values for v in (value if isinstance(value, list | tuple) else [value])]
    if not all(isinstance(v, Enum) or (isinstance(v, int) and not isinstance(v, bool)) for v in flat):
        return where
    written = where.compile(dialect=_DIALECT, compile_kwargs={"literal_binds": True})
    # A column, not text(): nothing in it is read again as a placeholder.
    return literal_column(f"({written})", Boolean())


def _order_of(order: TicketOrder | None) -> tuple[TicketOrderField, OrderDirection]:
    order = order or TicketOrder()
    return order.field, order.direction


@cache
def _numbered(field: TicketOrderField, direction: OrderDirection) -> Select[Any]:
    """The page's columns, its sort value and its rows' positions, for one order: built once
    (coercing some thirty columns took a quarter of a millisecond a request)."""
    table: Table = Ticket.__table__  # type: ignore[attr-defined]
    key = sort_key(TicketOrder(field=field, direction=direction))
    order = (key.expression.desc(), key.pk.desc()) if key.descending else (key.expression.asc(), key.pk.asc())
    return select(
        *(table.c[column] for column in TICKET_COLUMNS), key.expression.label(_SORT),
        func.row_number().over(order_by=order).label(_POSITION),
    )


def _connection(objects: Objects, root: Field, args: PageArgs, compiled: Compiled, base: Any, names: Names) -> str:
    size = str(int(args.size))  # written in, as the page's LIMIT is (see _page)

    def write(part: Field) -> str | None:
        if part.name == "edges":
            return _edges(objects, part, size, names.page)
        if part.name == "pageInfo":
            return _page_info(objects, part, args, size, names.page)
        if part.name != "totalCount":
            return None
        if len(compiled.ctes) == 1:  # the matching rows, read only when counted
            table: Table = Ticket.__table__  # type: ignore[attr-defined]
            compiled.ctes.append(base.with_only_columns(table.c.id).cte(names.matching))
        return f"(SELECT count(*) FROM {names.matching})"

    return obj(objects.selected(root, "TicketConnection", write))


def _cursor(page: str) -> str:
    # kit/pagination.py writes a cursor as json.dumps([the sort value's isoformat(), id]): `["…", 42]`.
    return base64url(f"'[\"' || {iso_datetime(f'{page}.{_SORT}')} || '\", ' || {page}.id::text || ']'")


def _edges(objects: Objects, edges: Field, size: str, page: str) -> str:
    listed = objects.edge(edges, "Ticket", page, _cursor(page))
    rows = f"SELECT json_agg({listed} ORDER BY {page}.{_POSITION}) FROM {page} WHERE {page}.{_POSITION} <= {size}"
    return f"coalesce(({rows}), '[]'::json)"


def _page_info(objects: Objects, info: Field, args: PageArgs, size: str, page: str) -> str:
    def write(part: Field) -> str | None:
        if part.name == "hasNextPage":
            return f"((SELECT count(*) FROM {page}) > {size})"
        if part.name == "hasPreviousPage":
            return "true" if args.after is not None else "false"
        if part.name not in ("startCursor", "endCursor"):
            return None
        direction = "ASC" if part.name == "startCursor" else "DESC"
        return (
            f"(SELECT {_cursor(page)} FROM {page} WHERE {page}.{_POSITION} <= {size}"
            f" ORDER BY {page}.{_POSITION} {direction} LIMIT 1)"
        )

    return obj(objects.selected(info, "PageInfo", write))
