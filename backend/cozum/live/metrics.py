"""What the live path is doing, for /metrics: counted where it happens, read when scraped."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

if TYPE_CHECKING:
    from cozum.live.hub import Hub


@dataclass
class LiveCounters:
    events: int = 0  # events the hub dispatched
    reads: int = 0  # times the hub read what was committed (a stream of commits shares one)
    renders: int = 0  # one per event and group of subscribers sharing a document
    direct_writes: int = 0  # frames the hub wrote to sockets itself
    mailbox_offers: int = 0  # messages that went through a subscription's task
    dropped: int = 0  # subscriptions whose mailbox overflowed
    closed_ended: int = 0  # connections closed because their session or key ended
    closed_changed: int = 0  # connections closed because their rights changed


class LiveCollector:
    def __init__(self, hub: "Hub") -> None:
        self.hub = hub

    def collect(self) -> Iterator[Metric]:
        hub, counters = self.hub, self.hub.counters
        subscribers = GaugeMetricFamily("cozum_live_subscribers", "Open subscriptions here.", labels=["kind"])
        subscribers.add_metric(["staff"], len(hub.staff))
        subscribers.add_metric(["citizen"], sum(len(g) for g in hub.citizens.values()))
        subscribers.add_metric(["stats"], len(hub.stats))
        subscribers.add_metric(["viewers"], len(hub.presence))
        yield subscribers
        yield GaugeMetricFamily("cozum_live_feed_position", "Id of the last event dispatched.", hub.low_water)
        yield GaugeMetricFamily(
            "cozum_live_feed_held", "Events held back behind an uncommitted lower id.", len(hub.feed.held)
        )
        yield GaugeMetricFamily(
            "cozum_live_listener_connected", "1 while LISTEN is connected.", int(hub.listener.connected.is_set())
        )
        yield CounterMetricFamily(
            "cozum_live_listener_reconnects", "Times the LISTEN connection was re-established.", hub.listener.reconnects
        )
        yield CounterMetricFamily("cozum_live_events", "Events dispatched.", counters.events)
        yield CounterMetricFamily("cozum_live_reads", "Reads of committed events.", counters.reads)
        yield CounterMetricFamily("cozum_live_renders", "Event renderings (one per group).", counters.renders)
        frames = CounterMetricFamily("cozum_live_deliveries", "Messages delivered to subscriptions.", labels=["path"])
        frames.add_metric(["direct"], counters.direct_writes)
        frames.add_metric(["mailbox"], counters.mailbox_offers)
        yield frames
        yield CounterMetricFamily("cozum_live_dropped", "Subscriptions dropped for falling behind.", counters.dropped)
        closed = CounterMetricFamily(
            "cozum_live_connections_closed", "Connections closed on a credentials re-check.", labels=["reason"]
        )
        closed.add_metric(["ended"], counters.closed_ended)
        closed.add_metric(["changed"], counters.closed_changed)
        yield closed
