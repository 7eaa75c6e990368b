"""The worker's LISTEN connection on `outbox`: a wake-up within milliseconds of each commit
that wrote a message. Only a hint — the table is the truth — so a lost connection costs
nothing but latency: the poll covers the gap and a reconnect wakes the worker once."""

from collections.abc import Callable

from cozum.kit.listening import Listening

CHANNEL = "outbox"


class Wakeup(Listening):
    def __init__(self, dsn: str, wake: Callable[[], None]) -> None:
        super().__init__(
            dsn, {CHANNEL: lambda _: wake()}, wake, name="outbox listener", health_check=5.0, max_delay=5.0
        )
