"""Results encoded once for the many sockets that receive them, kept within a size budget.

The hub hands one result object to every subscriber of an audience; each subscriber's
`next` frame needs its JSON. Keyed by the object's id, with the object kept so the id is
not reused while the entry lives. Ordinary query results over a WebSocket pass through
here too and can be large: those are encoded and not kept, and the whole cache holds at
most a budget of text (plus the objects it names), oldest out first.
"""

from cozum.live.frames import encode

MAX_ENTRIES = 32
MAX_CHARS = 1024 * 1024
LARGEST_KEPT = 256 * 1024


class EncodedResults:
    def __init__(self) -> None:
        self._entries: dict[int, tuple[object, str]] = {}
        self.chars = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, data: object) -> str:
        kept = self._entries.get(id(data))
        if kept is not None and kept[0] is data:
            return kept[1]
        text = encode(data)
        if len(text) <= LARGEST_KEPT:
            self._keep(data, text)
        return text

    def _keep(self, data: object, text: str) -> None:
        stale = self._entries.pop(id(data), None)
        if stale is not None:
            self.chars -= len(stale[1])
        while self._entries and (len(self._entries) >= MAX_ENTRIES or self.chars + len(text) > MAX_CHARS):
            oldest = next(iter(self._entries))
            self.chars -= len(self._entries.pop(oldest)[1])
        self._entries[id(data)] = (data, text)
        self.chars += len(text)
