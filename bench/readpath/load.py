"""One wrk run against one target, with the server's CPU, RSS and transactions around it."""

import asyncio
import json
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import procstat

from readpath.scenarios import Request
from readpath.targets import Target

# wrk's own percentiles, printed as one JSON line after the run (microseconds).
LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
{cookie}
wrk.body = {body}
done = function(summary, latency, requests)
  io.write(string.format('RESULT {{"requests": %d, "errors": %d, "non2xx": %d, "p50": %d, "p99": %d}}\\n',
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(99)))
end
"""


# A fixed rate (`--rate`): each wrk thread sends on a schedule of its own, one request every
# `interval` ms, whatever the answers' latency; a late answer delays no later request unless
# every connection is waiting (then the schedule catches up as soon as one is free).
PACED = """
local ffi = require("ffi")
ffi.cdef[[ typedef struct {{ long tv_sec; long tv_nsec; }} bench_timespec; int clock_gettime(int, bench_timespec *); ]]
local clock = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock)  -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end
local interval, next_at = {interval}, nil
delay = function()
  local now = now_ms()
  next_at = next_at or now
  local slot = next_at
  next_at = next_at + interval
  return math.max(0, slot - now)
end
"""
THREADS = 2


@dataclass
class Round:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_s: float
    peak_rss: int
    transactions: int
    postgres_cpu_s: float | None  # None: PostgreSQL runs on another machine


class PostgresCpu:
    """The CPU time of the PostgreSQL that `conn` is connected to, when it runs on this machine:
    the postmaster and all its children (backends, WAL writer, checkpointer, autovacuum). What
    a request costs the database is part of what it costs; wrk's figures alone hide it."""

    def __init__(self, postmaster: int | None) -> None:
        self.postmaster = postmaster

    @classmethod
    async def of(cls, conn: asyncpg.Connection) -> "PostgresCpu":
        backend = await conn.fetchval("SELECT pg_backend_pid()")
        try:
            postmaster = procstat.parent_of(backend)
            # Another machine's backend pid may name some unrelated process here.
            if procstat.name_of(backend) != "postgres" or procstat.name_of(postmaster) != "postgres":
                return cls(None)
        except OSError:
            return cls(None)
        return cls(postmaster)

    def snapshot(self) -> dict[int, float] | None:
        if self.postmaster is None:
            return None
        pids = [self.postmaster, *procstat.children_of(self.postmaster)]
        taken = {pid: procstat.total_cpu_seconds([pid]) for pid in pids}
        # A backend that exits during the round: its time moves to the postmaster's children's.
        taken[-1] = procstat.reaped_cpu_seconds(self.postmaster)
        return taken

    @staticmethod
    def used(before: dict[int, float] | None, after: dict[int, float] | None) -> float | None:
        if before is None or after is None:
            return None
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def _lua_string(data: bytes) -> str:
    # A long bracket with enough `=` that the body cannot close it.
    level = "=" * 8
    return f"[{level}[{data.decode()}]{level}]"


def _script(request: Request, rate: float | None) -> Path:
    cookie = f'wrk.headers["Cookie"] = "cozum_session={request.cookie}"' if request.cookie else ""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(LUA.format(cookie=cookie, body=_lua_string(request.body)))
        if rate is not None:
            handle.write(PACED.format(interval=THREADS * 1000 / rate))
    return Path(handle.name)


class PeakRss:
    """Samples the summed RSS of a target's processes while wrk runs."""

    def __init__(self, target: Target) -> None:
        self.target, self.peak, self.stop = target, 0, threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.2):
            total = 0
            for pid in self.target.pids():
                try:
                    total += procstat.rss_bytes(pid)
                except OSError:
                    continue
            self.peak = max(self.peak, total)

    def done(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.peak


async def transactions(conn: asyncpg.Connection) -> int:
    # The statistics are a snapshot per transaction: clear it to see the others' latest counts.
    await conn.execute("SELECT pg_stat_clear_snapshot()")
    value: int = await conn.fetchval(
        "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()")
    return value


async def run(target: Target, request: Request, seconds: float, connections: int,
              conn: asyncpg.Connection, rate: float | None = None) -> Round:
    script = _script(request, rate)
    pids = target.pids()
    postgres = await PostgresCpu.of(conn)
    cpu, tx, postgres_cpu = procstat.total_cpu_seconds(pids), await transactions(conn), postgres.snapshot()
    rss = PeakRss(target)
    command = ["wrk", "-t", str(THREADS), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
               "--timeout", "10s", "-s", str(script), target.url + request.path]
    wrk = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE)
    out = (await wrk.communicate())[0].decode()
    if wrk.returncode:
        raise RuntimeError(f"wrk failed: {' '.join(command)}")
    peak = rss.done()
    # Stats reach pg_stat_database when backends report them (at most a second later).
    tx_after = await transactions(conn)
    cpu_used = procstat.total_cpu_seconds(pids) - cpu
    postgres_used = PostgresCpu.used(postgres_cpu, postgres.snapshot())
    script.unlink()
    result = json.loads(next(line for line in out.splitlines() if line.startswith("RESULT "))[7:])
    return Round(result["requests"], result["errors"] + result["non2xx"], seconds, result["p50"] / 1000,
                 result["p99"] / 1000, cpu_used, peak, tx_after - tx, postgres_used)
