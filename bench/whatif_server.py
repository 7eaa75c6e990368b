"""`cozum serve`, with optional in-memory patches: what would a suggested change gain?

The application's files are not touched; each patch replaces one function or class at
start-up, so bench/live_fanout.py can measure a suggestion before anyone writes it.

    BENCH_PATCHES=lazy-loaders,encode-once,audience-read,no-deflate DATABASE_URL=… \\
        python bench/whatif_server.py --port 8001

Patches (see bench/RESULTS.md for what each one stands for):
  lazy-loaders   subscriptions: build a DataLoader only when a resolver asks for it
  encode-once    transport: JSON-encode a shared result once, not once per subscriber
  audience-read  hub: check read rights once per audience, not once per subscriber
  no-deflate     uvicorn: do not negotiate permessage-deflate
  gc-tune        gc.freeze() the start-up heap and collect the young generation less often
  gc-stats       log the time spent in garbage collection (measures, changes nothing)
  tracemalloc    trace Python allocations; each SIGUSR1 writes a snapshot to /tmp (measures)
"""

import argparse
import gc
import json
import logging
import os
import time
from typing import Any, ClassVar

import uvicorn

log = logging.getLogger("whatif")
PATCHES = {p.strip() for p in os.environ.get("BENCH_PATCHES", "").split(",") if p.strip()}


def lazy_loaders() -> None:
    from cozum import context, loaders
    from cozum.live import subscriptions

    class LazyLoaders:
        """The same attributes as cozum.loaders.Loaders, each built on first use."""

        _kinds: ClassVar[dict[str, Any]] = {}

        def __init__(self, owner: Any) -> None:
            self._owner = owner

        def __getattr__(self, name: str) -> Any:
            kind = LazyLoaders._kinds.get(name)
            if kind is None:
                raise AttributeError(name)
            loader = kind(self._owner)
            setattr(self, name, loader)
            return loader

    probe = loaders.Loaders.__new__(loaders.Loaders)
    loaders.Loaders.__init__(probe, None)  # type: ignore[arg-type]
    LazyLoaders._kinds.update({name: type(value) for name, value in vars(probe).items()})
    subscriptions.Loaders = LazyLoaders  # type: ignore[misc,assignment]
    context.Loaders = LazyLoaders  # type: ignore[misc,assignment]


def encode_once() -> None:
    from cozum.graphql_app import CozumGraphQL

    # Subscribers of one audience get the same result object (SharedResultExecutionContext):
    # encode its `data` once; only the operation id and the small extensions differ.
    cache: dict[int, tuple[Any, str]] = {}
    plain = CozumGraphQL.encode_json

    def encode_json(self: Any, message: Any) -> Any:
        if not isinstance(message, dict) or message.get("type") != "next":
            return plain(self, message)
        payload = message.get("payload")
        data = payload.get("data") if isinstance(payload, dict) else None
        if not isinstance(data, dict):
            return plain(self, message)
        hit = cache.get(id(data))
        if hit is None or hit[0] is not data:
            if len(cache) > 256:
                cache.clear()
            hit = cache[id(data)] = (data, json.dumps(data, separators=(",", ":")))
        rest = {k: v for k, v in payload.items() if k != "data"}
        tail = json.dumps(rest, separators=(",", ":"))[1:]  # '"errors":…}' or '}'
        head = json.dumps({"id": message["id"], "type": "next"}, separators=(",", ":"))[:-1]
        return f'{head},"payload":{{"data":{hit[1]}{"," if rest else ""}{tail}}}'

    CozumGraphQL.encode_json = encode_json  # type: ignore[method-assign]


def audience_read() -> None:
    from cozum.live import hub
    from cozum.live.types import message_of
    from cozum.tickets.repository import can_read

    def _to_staff(self: Any, item: Any) -> None:
        department = item.ticket.department_id
        messages: dict[Any, Any] = {}
        for subscriber in list(self.staff):
            if not subscriber.wants(item.ticket.id or 0, department):
                continue
            audience = subscriber.audience
            message = messages.get(audience, False)
            if message is False:
                allowed = can_read(subscriber.actor, department)
                message = messages[audience] = message_of(item.event, item.ticket) if allowed else None
            if message is not None:
                subscriber.offer(message)

    hub.Hub._to_staff = _to_staff


def gc_stats() -> None:
    started: list[float] = []
    totals = {"seconds": 0.0, "collections": 0, "gen2": 0, "longest": 0.0, "reported": time.monotonic()}

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(time.perf_counter())
            return
        pause = time.perf_counter() - started.pop()
        totals["seconds"] += pause
        totals["longest"] = max(totals["longest"], pause)
        totals["collections"] += 1
        totals["gen2"] += info["generation"] == 2
        if time.monotonic() - totals["reported"] > 5:
            totals["reported"] = time.monotonic()
            log.warning("gc: %.3f s in %d collections (%d full) so far; longest pause %.0f ms",
                        totals["seconds"], totals["collections"], totals["gen2"], 1000 * totals["longest"])

    gc.callbacks.append(callback)


def gc_tune() -> None:
    # Called after the app is built (see main): everything imported so far is immortal in
    # practice, and a full collection need not walk it again and again.
    gc.freeze()
    gc.set_threshold(20_000, 20, 10)


def trace_allocations() -> None:
    import signal
    import tracemalloc

    tracemalloc.start(8)
    taken = [0]

    def snapshot(*_: Any) -> None:
        taken[0] += 1
        path = f"/tmp/cozum-bench-tracemalloc-{os.getpid()}-{taken[0]}.snap"
        tracemalloc.take_snapshot().dump(path)
        log.warning("tracemalloc snapshot written to %s", path)

    signal.signal(signal.SIGUSR1, snapshot)


APPLY = {
    "lazy-loaders": lazy_loaders, "encode-once": encode_once, "audience-read": audience_read,
    "no-deflate": lambda: None,  # applied in main(), as a uvicorn setting
    "gc-tune": gc_tune,  # applied in main(), once the app is built
    "gc-stats": gc_stats, "tracemalloc": trace_allocations,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    unknown = PATCHES - set(APPLY)
    if unknown:
        raise SystemExit(f"unknown patches: {sorted(unknown)}")
    for name in sorted(PATCHES - {"gc-tune"}):
        APPLY[name]()
    from cozum.app import create_app

    app = create_app(os.environ["DATABASE_URL"])
    if "gc-tune" in PATCHES:
        gc_tune()
    # As `cozum serve` does (cozum/cli.py), apart from the deflate switch.
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info",
                proxy_headers=True, ws_per_message_deflate="no-deflate" not in PATCHES)


if __name__ == "__main__":
    main()
