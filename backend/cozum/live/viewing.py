"""ticketViewers: who else has a ticket open, for as long as you have it open yourself."""

import asyncio
import uuid
from collections.abc import AsyncGenerator

import strawberry
from graphql import GraphQLError

from cozum.context import Context, Info
from cozum.kit.relay import decode_id_arg
from cozum.live.presence import TICKET_GONE
from cozum.live.subscribers import ViewerSubscriber
from cozum.live.subscriptions import _hub
from cozum.live.types import TicketViewers
from cozum.tickets.repository import get_readable


def _no_such_ticket() -> GraphQLError:
    return GraphQLError("No such ticket.", extensions={"code": "NOT_FOUND"})


async def _readable(context: Context, ticket_id: strawberry.ID) -> int:
    """The ticket's key, if you may read it; another department's looks like a missing one."""
    pk = decode_id_arg(ticket_id, "Ticket")[1]
    async with context.db() as session:
        ticket = await get_readable(session, context.actor, pk)
    await context.renew()
    if ticket is None or context.actor.user_id is None:
        raise _no_such_ticket()
    return pk


async def ticket_viewers(info: Info, ticket_id: strawberry.ID) -> AsyncGenerator[TicketViewers, None]:
    context = info.context
    hub = _hub(context)
    pk = await _readable(context, ticket_id)
    subscriber = ViewerSubscriber(
        ticket_id=pk, actor=context.actor, context=context, connection_id=uuid.uuid4().hex
    )
    # Registered before joining: the join's own announcement then finds this subscriber,
    # and whichever of the two lists comes first is the one sent (the other is the same).
    hub.add(subscriber)
    try:
        await hub.presence.join(subscriber)
        first, key = await hub.presence.current(pk)
        if subscriber.show(key):
            yield first
            await context.renew()  # no connection held while waiting
        async for message in subscriber.messages():
            if message is TICKET_GONE:
                raise _no_such_ticket()
            yield message
            await context.renew()
    finally:
        hub.remove(subscriber)
        # Shielded: a disconnect cancels this task, and the others must still hear we left.
        await asyncio.shield(hub.presence.leave(subscriber))
        await context.finish(commit=False)
