"""`cozum serve`, with optional in-memory patches: what does a setting cost, where does memory go?

The application's files are not touched; each patch changes one setting or adds a probe at
start-up, so bench/live_fanout.py can measure it.

    BENCH_PATCHES=tracemalloc DATABASE_URL=… python bench/whatif_server.py --port 8001

Patches:
  deflate        uvicorn: negotiate permessage-deflate (`cozum serve` does not)
  no-gc-tune     leave the garbage collector as Python sets it (`cozum serve` tunes it)
  gc-stats       log the time spent in garbage collection (measures, changes nothing)
  tracemalloc    trace Python allocations; each SIGUSR1 writes a snapshot to /tmp (measures)

Add a function here to measure a suggestion before writing it into the application.
"""

import argparse
import gc
import logging
import os
import time
from typing import Any

import uvicorn

log = logging.getLogger("whatif")
PATCHES = {p.strip() for p in os.environ.get("BENCH_PATCHES", "").split(",") if p.strip()}


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
    "deflate": lambda: None,  # applied in main(), as a uvicorn setting
    "no-gc-tune": lambda: None,  # applied in main()
    "gc-stats": gc_stats, "tracemalloc": trace_allocations,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    port = parser.parse_args().port
    unknown = PATCHES - set(APPLY)
    if unknown:
        raise SystemExit(f"unknown patches: {sorted(unknown)}")
    for name in sorted(PATCHES):
        APPLY[name]()
    from cozum.app import create_app

    app = create_app(os.environ["DATABASE_URL"])
    # As `cozum serve` does (cozum/cli.py), unless a patch says otherwise.
    if "no-gc-tune" not in PATCHES:
        gc.collect()
        gc.freeze()
        gc.set_threshold(20_000, 20, 10)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="info",
                proxy_headers=True, ws_per_message_deflate="deflate" in PATCHES)


if __name__ == "__main__":
    main()
