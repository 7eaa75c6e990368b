"""How `render` ends when a rendering of a batch fails or is cancelled (live/broadcast.py)."""

import asyncio
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest

from cozum.live.broadcast import Renderings, render


class Fork:
    """A subscriber's forked context: what `Renderings` does with it is noted."""

    def __init__(self, noted: list[str]) -> None:
        self.noted = noted

    def reading_with(self, lender: "Fork") -> "Fork":
        return self

    async def give_back(self) -> None:
        self.noted.append("given back")

    async def finish(self, commit: bool) -> None:
        self.noted.append("finished")


def subscriber(rendering: Callable[[], Awaitable[Any]], noted: list[str]) -> Any:
    executor = SimpleNamespace(
        context_value=SimpleNamespace(fork=lambda: Fork(noted)), render=lambda message, context: rendering()
    )
    return SimpleNamespace(executor=executor)


async def test_a_rendering_that_raises_is_none_and_gives_the_batchs_session_back() -> None:
    async def raising() -> Any:
        raise RuntimeError("a loader failed")

    noted: list[str] = []
    assert await render(subscriber(raising, noted), object(), Renderings(), "audience") is None
    assert noted == ["given back"]


async def test_a_rendering_with_errors_is_none_and_gives_the_batchs_session_back() -> None:
    async def with_errors() -> Any:
        return SimpleNamespace(errors=["refused"], data=None)

    noted: list[str] = []
    assert await render(subscriber(with_errors, noted), object(), Renderings(), "audience") is None
    assert noted == ["given back"]


async def test_a_hub_cancelled_while_rendering_stops() -> None:
    """The cancellation comes through as it is: the hub's handlers catch Exception only."""
    noted: list[str] = []
    started = asyncio.Event()

    async def endless() -> Any:
        started.set()
        await asyncio.Event().wait()

    task = asyncio.ensure_future(render(subscriber(endless, noted), object(), Renderings(), "audience"))
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert noted == []
