"""Cursor connections with keyset pagination: a page costs the same on page 1 and page 10,000."""

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from sqlalchemy import BigInteger, DateTime, Integer, Select, SmallInteger, String, func, select, tuple_
from sqlalchemy.sql.elements import ColumnElement

from cozum.kit.errors import GraphQLErrorCode
from cozum.kit.storable import as_utc

T = TypeVar("T")
MAX_PAGE = 100
DEFAULT_PAGE = 20


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Matching items in all pages; counted only when asked for.")  # type: ignore[untyped-decorator]
    async def total_count(self) -> int:
        return await self.count()


@dataclass(frozen=True)
class PageArgs:
    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    def __post_init__(self) -> None:
        # Both at once has no clear meaning (Relay discourages it) and a negative size none
        # at all; the cost of a document is priced from the larger of the two, clamped.
        if self.first is not None and self.last is not None:
            raise _bad_request("Give first or last, not both.")
        for wanted in (self.first, self.last):
            if wanted is not None and not 0 <= wanted <= MAX_PAGE:
                raise _bad_request(f"first/last must be between 0 and {MAX_PAGE}.")

    @property
    def backwards(self) -> bool:
        return self.last is not None or (self.before is not None and self.first is None)

    @property
    def size(self) -> int:
        wanted = self.last if self.backwards else self.first
        return DEFAULT_PAGE if wanted is None else wanted


@dataclass(frozen=True)
class SortKey:
    """A non-null sort expression, the row's primary key as tie-breaker, one direction."""

    expression: ColumnElement[Any]
    pk: ColumnElement[Any]
    descending: bool
    parse: Callable[[Any], Any] = lambda v: v
    dump: Callable[[Any], Any] = lambda v: v


def datetime_key(expression: ColumnElement[Any], pk: ColumnElement[Any], descending: bool) -> SortKey:
    return SortKey(expression, pk, descending, datetime.fromisoformat, lambda v: v.isoformat())


def encode_cursor(values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


# The cursors the server writes are under 80 characters; a longer one is not ours, and is
# refused before it is decoded (a deeply nested JSON array would overflow the parser's stack).
_MAX_CURSOR = 200


def decode_cursor(cursor: str, key: SortKey) -> tuple[Any, int]:
    if len(cursor) > _MAX_CURSOR:
        raise _bad_cursor()
    try:
        raw = base64.b64decode(cursor.encode(), altchars=b"-_", validate=True)
        value, pk = json.loads(raw)
        value = key.parse(value)
    except (ValueError, TypeError, binascii.Error):
        raise _bad_cursor() from None
    # A cursor comes back from the client: a value of the wrong type or out of its column's
    # range would fail in SQL, as an untyped database error, instead of comparing.
    if not (_fits(key.expression, value) and _fits(key.pk, pk)):
        raise _bad_cursor()
    return value, pk


_INT_BOUNDS = ((BigInteger, 2**63), (SmallInteger, 2**15), (Integer, 2**31))


def _fits(expression: ColumnElement[Any], value: Any) -> bool:
    """Whether `value` can be compared with `expression` in SQL (keys are ints, datetimes or text)."""
    sql_type = expression.type
    if isinstance(sql_type, Integer):
        bound = next(b for kind, b in _INT_BOUNDS if isinstance(sql_type, kind))
        return isinstance(value, int) and not isinstance(value, bool) and -bound <= value < bound
    if isinstance(sql_type, DateTime):
        return isinstance(value, datetime) and _storable(value, aware=sql_type.timezone)
    if isinstance(sql_type, String):
        return isinstance(value, str) and "\x00" not in value
    return False  # a key on another type needs its own check here


def _storable(value: datetime, *, aware: bool) -> bool:
    if not aware:
        return value.tzinfo is None
    # The driver sends it in UTC: 9999-12-31T23:00-05:00 overflows.
    return value.tzinfo is not None and as_utc(value) is not None


def _bad_cursor() -> GraphQLError:
    return GraphQLError("Malformed cursor.", extensions={"code": GraphQLErrorCode.INVALID_CURSOR.value})


def _bad_request(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": GraphQLErrorCode.BAD_REQUEST.value})


def keyset_page(stmt: Select[Any], key: SortKey, args: PageArgs) -> Select[Any]:
    """Add the cursor condition, order and limit (one extra row tells if more exist)."""
    forward_desc = key.descending != args.backwards
    position = tuple_(key.expression, key.pk)
    for cursor, is_after in ((args.after, True), (args.before, False)):
        if cursor is None:
            continue
        bound = tuple_(*decode_cursor(cursor, key))
        later = position < bound if key.descending else position > bound
        earlier = position > bound if key.descending else position < bound
        stmt = stmt.where(later if is_after else earlier)
    if forward_desc:
        stmt = stmt.order_by(key.expression.desc(), key.pk.desc())
    else:
        stmt = stmt.order_by(key.expression.asc(), key.pk.asc())
    return stmt.limit(args.size + 1)


def cursor_of(key: SortKey, value: Any, pk: int) -> str:
    return encode_cursor([key.dump(value), pk])


def page_of(
    rows: Sequence[tuple[Any, Any]],
    key: SortKey,
    args: PageArgs,
    to_node: Callable[[Any], T],
    count: Callable[[], Awaitable[int]],
) -> Connection[T]:
    """`rows` are (sort value, row) pairs as fetched by `keyset_page`."""
    size = args.size
    more = len(rows) > size
    rows = list(rows[:size])
    if args.backwards:
        rows.reverse()
    edges = [Edge(cursor=cursor_of(key, value, row.id), node=to_node(row)) for value, row in rows]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more if not args.backwards else args.before is not None,
            has_previous_page=more if args.backwards else args.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count=count,
    )


async def paginate(
    context: Any, base: Select[Any], key: SortKey, args: PageArgs, to_node: Callable[[Any], T]
) -> Connection[T]:
    """A page of `base` (which selects the sort value, then the row) on the request's session.

    The total is counted only if the client asks for `totalCount`.
    """
    async with context.db() as session:
        rows = (await session.execute(keyset_page(base, key, args))).all()

    async def count() -> int:
        async with context.db() as session:
            total: int = (await session.execute(select(func.count()).select_from(base.subquery()))).scalar_one()
            return total

    return page_of([(r[0], r[1]) for r in rows], key, args, to_node, count)
