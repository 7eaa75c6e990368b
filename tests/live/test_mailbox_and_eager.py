"""The two small pieces the direct path stands on: a lean mailbox and eager sends."""

import asyncio

import pytest

from cozum.kit.eager import run_eagerly
from cozum.live.mailbox import Mailbox


async def test_the_mailbox_is_fifo_bounded_and_wakes_its_reader() -> None:
    box = Mailbox(2)
    reader = asyncio.create_task(box.get())
    await asyncio.sleep(0)
    assert not reader.done()
    box.put_nowait("a")
    assert await reader == "a"
    box.put_nowait("b")
    box.put_nowait("c")
    with pytest.raises(asyncio.QueueFull):
        box.put_nowait("d")
    assert box.qsize() == 2 and not box.empty()
    assert [await box.get(), box.get_nowait()] == ["b", "c"]
    assert box.empty()
    with pytest.raises(asyncio.QueueEmpty):
        box.get_nowait()


async def test_an_idle_mailbox_holds_no_storage() -> None:
    box = Mailbox(4)
    assert box._items is None
    box.put_nowait(1)
    await box.get()
    assert box._items is None


async def test_a_coroutine_that_does_not_wait_finishes_in_the_callers_turn() -> None:
    done: list[str] = []

    async def send() -> None:
        done.append("sent")

    assert run_eagerly(send()) is None
    assert done == ["sent"]


async def test_a_coroutine_that_waits_is_finished_by_a_task() -> None:
    writable = asyncio.Event()
    done: list[str] = []

    async def send() -> None:
        done.append("started")
        await writable.wait()
        await asyncio.sleep(0)
        done.append("sent")

    pending = run_eagerly(send())
    assert pending is not None and done == ["started"]
    await asyncio.sleep(0.01)
    assert not pending.done()
    writable.set()
    await asyncio.wait_for(pending, 1)
    assert done == ["started", "sent"]


async def test_errors_reach_the_caller_before_a_wait_and_the_task_after() -> None:
    async def fails_now() -> None:
        raise ConnectionError("gone")

    with pytest.raises(ConnectionError):
        run_eagerly(fails_now())

    async def fails_later() -> None:
        await asyncio.sleep(0.001)
        raise ConnectionError("gone later")

    pending = run_eagerly(fails_later())
    assert pending is not None
    with pytest.raises(ConnectionError, match="later"):
        await pending


async def test_cancelling_the_task_unwinds_the_coroutine() -> None:
    cleaned: list[bool] = []
    forever = asyncio.Event()

    async def send() -> None:
        try:
            await forever.wait()
        finally:
            cleaned.append(True)

    coroutine = send()  # held here, so only an explicit close can unwind it
    pending = run_eagerly(coroutine)
    assert pending is not None
    await asyncio.sleep(0)
    pending.cancel()
    with pytest.raises(asyncio.CancelledError):
        await pending
    assert cleaned == [True]
    assert not forever._waiters  # the wait it was in is gone too


async def test_a_send_that_waited_first_is_resumed_first() -> None:
    """Frames must leave in the order their sends started, even when one of them had to
    wait for the socket and another, started later, waits in an ordinary task."""
    writable = asyncio.Event()
    written: list[str] = []

    async def send(frame: str) -> None:
        await writable.wait()
        written.append(frame)

    pending = run_eagerly(send("first"))
    later = asyncio.create_task(send("second"))
    await asyncio.sleep(0)
    writable.set()
    assert pending is not None
    await asyncio.gather(pending, later)
    assert written == ["first", "second"]


async def test_a_failed_send_is_not_reported_as_never_retrieved() -> None:
    gone = asyncio.Event()

    async def send() -> None:
        await gone.wait()
        raise ConnectionResetError("peer gone")

    pending = run_eagerly(send())
    assert pending is not None
    gone.set()
    await asyncio.wait((pending,))
    # Retrieved by the task's own callback: asyncio would otherwise log it at collection.
    assert pending._log_traceback is False  # type: ignore[attr-defined]
