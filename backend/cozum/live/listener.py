"""The process's one LISTEN connection for live updates: events, and who views which ticket."""

from collections.abc import Callable

from cozum.kit.listening import Listening

CHANNEL = "ticket_events"
VIEWERS_CHANNEL = "ticket_viewers"
HEALTH_CHECK = 2.0


class Listener(Listening):
    def __init__(
        self, dsn: str, on_notify: Callable[[], None], on_reconnect: Callable[[], None],
        on_viewers: Callable[[str], None] | None = None,
    ) -> None:
        channels: dict[str, Callable[[str], None]] = {CHANNEL: lambda _: on_notify()}
        if on_viewers is not None:
            channels[VIEWERS_CHANNEL] = on_viewers  # the payload is the ticket whose viewers changed
        super().__init__(
            dsn, channels, on_reconnect, name="live listener", health_check=HEALTH_CHECK, max_delay=2.0
        )
