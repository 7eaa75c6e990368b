"""Sending one message to many subscribers: rendered once, then one socket write each."""

import asyncio
import logging
from collections.abc import Hashable, Iterator, Sequence
from inspect import isawaitable
from typing import Any

from cozum.live.frames import encode
from cozum.live.metrics import LiveCounters
from cozum.live.subscribers import Subscriber

log = logging.getLogger(__name__)
# Hand the event loop back now and then, so HTTP requests are served during a large fan-out.
YIELD_EVERY = 256


class Groups:
    """Subscribers grouped by what they receive (the same read rights, filter and
    document get identical frames), so an event costs one access check and one
    rendering per group, however many subscribers the group has."""

    def __init__(self) -> None:
        self._groups: dict[Hashable, dict[Subscriber, None]] = {}  # ordered sets

    def add(self, key: Hashable, subscriber: Subscriber) -> None:
        self._groups.setdefault(key, {})[subscriber] = None

    def remove(self, key: Hashable, subscriber: Subscriber) -> None:
        group = self._groups.get(key)
        if group is not None:
            group.pop(subscriber, None)
            if not group:
                del self._groups[key]

    def __bool__(self) -> bool:
        return bool(self._groups)

    def __len__(self) -> int:
        return sum(len(group) for group in self._groups.values())

    def __iter__(self) -> Iterator[Subscriber]:
        for group in list(self._groups.values()):
            yield from list(group)

    def snapshot(self) -> list[tuple[Hashable, list[Subscriber]]]:
        """Who is subscribed now: those who join later get what they missed by replay."""
        return [(key, list(group)) for key, group in self._groups.items()]


class Renderings:
    """The contexts a batch of events is rendered in: one per group, for the whole batch.

    A context per rendering would read a ticket's department (and assignee) again for every
    event, each read a pooled connection and a transaction, and several turns of the event loop
    while requests are served: the hub then delivered a few dozen events a second on a busy
    server. Shared by a group's renderings of one batch, the loaders read each row once, and the
    renderings after the first complete without waiting. A group's members have the same read
    rights, so any member's context serves the group.

    The contexts read with one session, the first one's: the groups are rendered one after
    another, and a session each held a pooled connection per group until the batch ended.
    Past the pool's size (twenty audiences) the batch waited on itself for the pool's
    timeout, and every request waited with it."""

    def __init__(self) -> None:
        self._contexts: dict[Hashable, Any] = {}
        self._first: Any = None

    def context(self, key: Hashable, subscriber: Subscriber) -> Any:
        context = self._contexts.get(key)
        if context is None:
            assert subscriber.executor is not None
            # Not the subscriber's own context: its connection may be running a mutation in it.
            context = self._contexts[key] = subscriber.executor.context_value.fork()
            if self._first is None:
                self._first = context
            else:
                context.reading_with(self._first)
        return context

    async def afresh(self) -> None:
        """After a rendering that failed: its error may have left the shared session unusable
        (an aborted transaction; a connection invalidated by a statement cancelled as graphql-core
        gave up on a sibling field). The next group's rendering starts a new one, and the rows
        the loaders hold stay theirs."""
        if self._first is not None:
            await self._first.give_back()

    async def finish(self) -> None:
        first, self._first, self._contexts = self._first, None, {}
        if first is not None:
            await first.finish(commit=False)  # the others read with its session


async def render(subscriber: Subscriber, message: Any, renderings: Renderings | None = None,
                 key: Hashable = None) -> str | None:
    """The data of `message` for this subscriber's document, as JSON; None if executing it
    gave errors, which then take the usual path (error hooks, masking) in each task."""
    executor = subscriber.executor
    if executor is None:
        return None
    own = renderings is None
    batch = Renderings() if renderings is None else renderings
    context = batch.context(key, subscriber)
    result: Any = None
    try:
        rendering = executor.render(message, context)
        result = await rendering if isawaitable(rendering) else rendering
    except Exception:
        log.exception("rendering a live event failed")
    finally:
        if own:
            await batch.finish()
    # Not in the `finally`: a cancelled hub must stop at once, whatever its batch's session.
    if result is None or result.errors:
        if not own:
            await batch.afresh()
        return None
    return encode(result.data)


async def broadcast(
    message: Any, members: Sequence[Subscriber], counters: LiveCounters, cursor: int | None = None,
    renderings: Renderings | None = None, key: Hashable = None,
) -> None:
    """`cursor` (an event id) skips subscribers that already sent it in a replay; `renderings`
    and the group's `key` share a context among a batch's renderings for the group."""
    data: str | None = None
    rendered = False
    for count, member in enumerate(members, 1):
        if member.closed:
            continue
        if member.direct and not rendered:
            data, rendered = await render(member, message, renderings, key), True
            counters.renders += 1
        if not (member.direct and data is not None):
            _offer(member, message, counters)
        elif cursor is None or cursor > member.last:
            member.last = member.last if cursor is None else cursor
            member.write(data)
            counters.direct_writes += 1
        if count % YIELD_EVERY == 0:
            await asyncio.sleep(0)


def _offer(member: Subscriber, message: Any, counters: LiveCounters) -> None:
    already_dropped = member.overflowed
    member.offer(message)
    counters.mailbox_offers += 1
    counters.dropped += member.overflowed and not already_dropped
