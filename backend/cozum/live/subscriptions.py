"""ticketEvents (staff and keys), requestStatus (citizens), liveStats (dashboards)."""

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import strawberry
from graphql import GraphQLError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.context import Context, Info
from cozum.kit.address_limits import address_key
from cozum.kit.errors import GraphQLErrorCode
from cozum.kit.relay import decode_id_arg
from cozum.live.hub import Hub
from cozum.live.stats import live_stats as current_stats
from cozum.live.subscribers import CitizenSubscriber, StaffSubscriber, StatsSubscriber, Subscriber
from cozum.live.types import LiveStats, TicketEventMessage, message_of
from cozum.tickets import tracking
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.models import TicketEvent as EventRow
from cozum.tickets.public_types import TrackedRequest
from cozum.tickets.repository import readable

REPLAY_LIMIT = 1000
MAX_EVENT_ID = 2**63 - 1  # ticket_events.id is a bigint
MAX_FILTER_IDS = 100


@strawberry.input(description="Which tickets' events to receive; empty means all you may read.")
class TicketEventFilter:
    department_ids: list[strawberry.ID] | None = None
    ticket_ids: list[strawberry.ID] | None = None


def _hub(context: Context) -> Hub:
    hub: Hub | None = context.shared.hub
    if hub is None:
        raise GraphQLError("Live updates are not running.", extensions={"code": "UNAVAILABLE"})
    return hub


def _cursor(after: str | None) -> int | None:
    if after is None:
        return None
    # ASCII digits only (str.isdigit takes other scripts' digits too), within bigint.
    if not (after.isascii() and after.isdigit()) or len(after) > 19 or int(after) > MAX_EVENT_ID:
        raise GraphQLError("Malformed cursor.", extensions={"code": GraphQLErrorCode.INVALID_CURSOR.value})
    return int(after)


def _ids(given: list[strawberry.ID] | None, type_name: str) -> frozenset[int]:
    if given is not None and len(given) > MAX_FILTER_IDS:
        raise GraphQLError(
            f"At most {MAX_FILTER_IDS} ids per filter list.", extensions={"code": GraphQLErrorCode.BAD_REQUEST.value}
        )
    return frozenset(decode_id_arg(i, type_name)[1] for i in given or [])


async def _replay(
    context: Context, subscriber: StaffSubscriber, after: int, upto: int
) -> list[TicketEventMessage]:
    stmt = (
        select(EventRow, TicketRow)
        .join(TicketRow, col(TicketRow.id) == col(EventRow.ticket_id))
        .where(col(EventRow.id) > after, col(EventRow.id) <= upto, readable(subscriber.actor))
        .order_by(col(EventRow.id))
        .limit(REPLAY_LIMIT)
    )
    if subscriber.department_ids:
        stmt = stmt.where(col(TicketRow.department_id).in_(subscriber.department_ids))
    if subscriber.ticket_ids:
        stmt = stmt.where(col(TicketRow.id).in_(subscriber.ticket_ids))
    async with context.db() as session:
        rows = (await session.execute(stmt)).all()
    return [message_of(e, t) for e, t in rows]


async def ticket_events(
    info: Info, filter: TicketEventFilter | None = None, after: str | None = None  # noqa: A002
) -> AsyncGenerator[TicketEventMessage, None]:
    """Events of the tickets you may read, as they commit. Give `after` (a cursor you
    received) to first get everything you missed since, then live events."""
    context = info.context
    hub = _hub(context)
    since = _cursor(after)
    wanted = filter or TicketEventFilter()
    subscriber = StaffSubscriber(
        actor=context.actor,
        context=context,
        department_ids=_ids(wanted.department_ids, "Department"),
        ticket_ids=_ids(wanted.ticket_ids, "Ticket"),
    )
    # Registered before reading the backlog, so nothing falls between the two.
    hub.add(subscriber)
    try:
        subscriber.last = hub.low_water
        if since is not None:
            subscriber.last = since
            while True:
                backlog = await _replay(context, subscriber, subscriber.last, hub.low_water)
                for message in backlog:
                    subscriber.last = int(message.cursor)
                    yield message
                    await context.renew()
                if len(backlog) < REPLAY_LIMIT:
                    break
        async for message in subscriber.messages():
            if int(message.cursor) <= subscriber.last:
                continue
            subscriber.last = int(message.cursor)
            yield message
            await context.renew()
    finally:
        hub.remove(subscriber)
        await context.finish(commit=False)


async def _stream(
    context: Context, subscriber: Subscriber, current: Callable[[AsyncSession], Awaitable[object | None]]
) -> AsyncGenerator[object, None]:
    """The state now, then each change. Registered before the state is read, so a change
    committed in between is not missed (at worst the same state comes twice)."""
    hub = _hub(context)
    hub.add(subscriber)
    try:
        async with context.db() as session:
            first = await current(session)
        if first is None:
            return
        yield first
        await context.renew()
        async for message in subscriber.messages():
            yield message
            await context.renew()
    finally:
        hub.remove(subscriber)
        await context.finish(commit=False)


@asynccontextmanager
async def _anonymous_place(context: Context) -> AsyncIterator[None]:
    """Anonymous callers hold at most so many subscriptions per address in this process:
    each keeps a task, a mailbox and a place in the hub's fan-out for as long as it lives.
    Staff and keys are known and answerable; they are not counted."""
    if context.actor.is_authenticated:
        yield
        return
    places, address = context.shared.anonymous_limits.subscriptions, address_key(context.address)
    limit = context.settings.anonymous_subscriptions_per_address
    if not places.acquire(address, limit):
        await context.finish(commit=False)
        raise GraphQLError(
            f"At most {limit} live subscriptions may be open at once from one address; end one first.",
            extensions={"code": "TOO_MANY_SUBSCRIPTIONS", "limit": limit},
        )
    try:
        yield
    finally:
        places.release(address)


async def request_status(info: Info, reference: str, secret: str) -> AsyncGenerator[TrackedRequest, None]:
    """The citizen's request, now and after every public change. Wrong reference or secret
    ends the subscription at once, the same way for both."""
    context = info.context
    async with _anonymous_place(context):
        async with context.db() as session:
            ticket = await tracking.find_tracked(session, reference, secret)
        if ticket is None or ticket.id is None:
            await context.finish(commit=False)
            raise GraphQLError("No request matches this reference and secret.", extensions={"code": "NOT_FOUND"})
        ticket_id = ticket.id

        async def current(session: AsyncSession) -> TrackedRequest | None:
            return await tracking.tracked_request(session, ticket_id)

        async for message in _stream(context, CitizenSubscriber(ticket_id=ticket_id), current):
            assert isinstance(message, TrackedRequest)
            yield message


async def live_stats(info: Info) -> AsyncGenerator[LiveStats, None]:
    """Received / resolved / pending counters, now and at most once a second after changes."""
    async with _anonymous_place(info.context):
        async for message in _stream(info.context, StatsSubscriber(), current_stats):
            assert isinstance(message, LiveStats)
            yield message
