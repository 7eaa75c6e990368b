"""A bounded queue with one reader that allocates nothing while empty.

asyncio.Queue keeps four deques (about 3 KiB) from the start; thousands of idle consoles
each holding one cost more than their subscription itself. Here the items live in a
deque only while there are some.
"""

import asyncio
from collections import deque
from typing import Any


class Mailbox:
    __slots__ = ("_items", "_waiter", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._items: deque[Any] | None = None
        self._waiter: asyncio.Future[None] | None = None

    def qsize(self) -> int:
        return len(self._items) if self._items else 0

    def empty(self) -> bool:
        return not self._items

    def put_nowait(self, item: Any) -> None:
        if self.qsize() >= self.maxsize:
            raise asyncio.QueueFull
        if self._items is None:
            self._items = deque()
        self._items.append(item)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    def get_nowait(self) -> Any:
        if not self._items:
            raise asyncio.QueueEmpty
        item = self._items.popleft()
        if not self._items:
            self._items = None
        return item

    async def get(self) -> Any:
        """For the one reader: a second concurrent reader would not be woken."""
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self.get_nowait()
