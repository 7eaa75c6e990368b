"""Where uploads are decoded: in worker threads, a few at a time per process.

Decoding is what costs memory (a 40 MP photo is 120 MB of pixels; a video is held whole) and CPU,
and the event loop must keep serving meanwhile. A file is read into memory only once it has a
slot, and its slot is given back only when its thread has finished, even when the request was
cancelled meanwhile (a thread cannot be stopped): clients that give up cannot pile up decodes.
Waiting for a slot is bounded: past WAIT_SECONDS the caller hears that the server is busy.
"""

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

AT_ONCE = 2
WAIT_SECONDS = 20.0
_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()

Read = TypeVar("Read")
Result = TypeVar("Result")


class Busy(Exception):
    """No slot came free within WAIT_SECONDS."""


def slots() -> asyncio.Semaphore:
    """This event loop's slots (one semaphore per loop: tests run several)."""
    return _slots.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(AT_ONCE))


async def run_in_slot(read: Callable[[], Awaitable[Read]], work: Callable[[Read], Result]) -> Result:
    """`work(await read())` in a thread, holding a slot from the read until the thread ends."""
    semaphore = slots()
    try:
        async with asyncio.timeout(WAIT_SECONDS):
            await semaphore.acquire()
    except TimeoutError:
        raise Busy from None
    try:
        value = await read()
        task = asyncio.ensure_future(asyncio.to_thread(work, value))
    except BaseException:
        semaphore.release()
        raise
    task.add_done_callback(lambda done: _release(semaphore, done))
    return await asyncio.shield(task)


def _release(semaphore: asyncio.Semaphore, task: "asyncio.Future[Any]") -> None:
    semaphore.release()
    if not task.cancelled():
        task.exception()  # marked as seen: a caller cancelled meanwhile never will see it
