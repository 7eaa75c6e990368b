"""Live-updates fan-out benchmark: N WebSocket subscribers on one server process.

    .venv/bin/python bench/live_fanout.py [--subscribers 100,1000,5000] [--rate 5] [--duration 20]

For each N: a fresh `cozum serve` process, N `ticketEvents` subscriptions (each its own
connection, spread over a few client processes), then a driver that adds internal notes
over HTTP at a steady rate. Latency of an event = the time its last subscriber received
it minus the time the mutation's HTTP response came back (which is after COMMIT).
See bench/README.md for what each number means.
"""

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import procstat
from fanout_driver import Clients, Driver, Mutation
from fanout_postgres import (
    ROOT,
    Database,
    commit_times,
    create_database,
    drop_database,
    postmaster_pid,
    server_url,
    stop_embedded,
)
from fanout_report import (
    Level,
    diagnostics,
    goals,
    table,
)
from fanout_server import Server, cozum_command, free_port, start_server, stop_server, wait_until_idle

VENV_BIN = Path(sys.executable).parent

DOCUMENTS = {
    # Fields copied into the message when the hub builds it: no resolver touches the database.
    "flat": """subscription {
  ticketEvents {
    cursor event { id type fromStatus toStatus message public createdAt }
    ticket { id reference status priority title version updatedAt }
  }
}""",
    # What a staff console subscribes to (the document of tests/live/test_ticket_events.py):
    # `department` goes through a loader, i.e. back to the ORM row the hub read.
    "console": """subscription {
  ticketEvents {
    cursor event { type toStatus message public } ticket { reference status department { code } }
  }
}""",
}


# ---------------------------------------------------------------------------------------
# One level of N subscribers


@dataclass
class Options:
    rate: float
    duration: float
    per_process: int
    deflate: bool
    document: str
    profile: Path | None = None  # where py-spy writes the server's collapsed stacks
    drain_timeout: float = 60.0


async def barrier(driver: Driver, clients: Clients, attempts: int = 5) -> bool:
    """An event every subscriber receives proves every subscription is registered."""
    for _ in range(attempts):
        mutation = await driver.note(-1)
        assert mutation.cursor is not None, mutation.error
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if await clients.received([mutation.cursor]) >= clients.total:
                return True
            await asyncio.sleep(0.25)
    return False


async def drain(clients: Clients, cursors: list[int], within: float) -> None:
    """Until every subscriber has every event, or nothing more arrives for 10 s."""
    expected = clients.total * len(cursors)
    deadline = time.monotonic() + within
    last, last_change = -1, time.monotonic()
    while time.monotonic() < deadline:
        got = await clients.received(cursors)
        if got >= expected:
            return
        if got != last:
            last, last_change = got, time.monotonic()
        elif time.monotonic() - last_change > 10:
            return
        await asyncio.sleep(0.25)


class Sampler:
    """Peak RSS of the server while the driver runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(OSError):
                self.peak = max(self.peak, procstat.rss_bytes(self.pid))
            await asyncio.sleep(0.25)

    async def stop(self) -> int:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        return self.peak


def cpu_snapshot(pids: list[int]) -> dict[int, float]:
    return {pid: procstat.total_cpu_seconds([pid]) for pid in pids}


def postgres_pids() -> list[int]:
    master = postmaster_pid()
    return [master, *procstat.children_of(master)] if master else []


def cpu_used(before: dict[int, float], pids: list[int]) -> float:
    """CPU seconds since `before`; a process that started since counts from zero."""
    return sum(procstat.total_cpu_seconds([pid]) - before.get(pid, 0.0) for pid in pids)


async def run_level(label: str, n: int, command: list[str], env: dict[str, str],
                    database: Database, options: Options) -> Level:
    level = Level(label, n)
    port = free_port()
    server = await start_server([part.replace("{port}", str(port)) for part in command], env, port,
                                Path(f"/tmp/cozum-bench-{label.split()[0]}-{n}.log"))
    driver = Driver(server.http, database.api_key)
    clients: Clients | None = None
    try:
        await driver.create_tickets(database.category_id, 5)
        await warm_up(server, driver, database, options)
        await wait_until_idle(server.pid)
        rss_base = procstat.rss_bytes(server.pid)
        await snapshot_allocations(server, env)

        started = time.monotonic()
        clients = Clients(server.ws, database.api_key, options.document, n, options.per_process, options.deflate)
        status = await clients.wait_subscribed(within=120)
        level.connect_seconds = time.monotonic() - started
        level.connect_failures = status["failed"]
        level.notes += status["errors"][:3]
        await wait_until_idle(server.pid)
        rss_idle = procstat.rss_bytes(server.pid)
        await snapshot_allocations(server, env)
        level.rss_base_mib = rss_base / 2**20
        level.idle_kib = (rss_idle - rss_base) / 1024 / max(1, status["subscribed"])

        if not await barrier(driver, clients):
            level.notes.append("not every subscriber received the barrier event")
        await wait_until_idle(server.pid, within=30)
        await measure(level, server, driver, clients, options, database.url)
    finally:
        await driver.close()
        if clients is not None:
            clients.stop()
        stop_server(server)
    return level


async def snapshot_allocations(server: Server, env: dict[str, str]) -> None:
    """With the `tracemalloc` what-if patch: ask the server to write a snapshot (bench/whatif_server.py)."""
    if "tracemalloc" in env.get("BENCH_PATCHES", ""):
        os.kill(server.pid, signal.SIGUSR1)
        await asyncio.sleep(5)  # a snapshot of a big heap takes a while; let it finish before going on


async def warm_up(server: Server, driver: Driver, database: Database, options: Options) -> None:
    """One subscriber and one event, so lazy imports and caches are not counted as per-subscriber memory."""
    clients = Clients(server.ws, database.api_key, options.document, 1, options.per_process, options.deflate)
    try:
        await clients.wait_subscribed(within=30)
        await barrier(driver, clients)
    finally:
        clients.stop()


async def measure(
    level: Level, server: Server, driver: Driver, clients: Clients, options: Options, database_url: str
) -> None:
    watched = [server.pid, *postgres_pids(), *clients.pids, os.getpid()]
    cpu_before = cpu_snapshot(watched)
    machine_before = procstat.machine_seconds()
    sampler = Sampler(server.pid)
    profiler = start_profiler(server.pid, level, options)
    started = time.monotonic()

    mutations = await driver.steady(options.rate, options.duration)
    cursors = [m.cursor for m in mutations if m.cursor is not None]
    await drain(clients, cursors, options.drain_timeout)
    stop_profiler(profiler)

    elapsed = time.monotonic() - started
    level.rss_peak_mib = await sampler.stop() / 2**20
    server_seconds = cpu_used(cpu_before, [server.pid])
    postgres_seconds = cpu_used(cpu_before, postgres_pids())
    # The driver (this process) is part of the client side.
    clients_seconds = cpu_used(cpu_before, [*clients.pids, os.getpid()])
    machine = {k: v - machine_before[k] for k, v in procstat.machine_seconds().items()}
    kernel = machine["softirq"] + machine["steal"]
    others = machine["busy"] - kernel - server_seconds - postgres_seconds - clients_seconds
    level.server_cpu = 100 * server_seconds / elapsed
    level.postgres_cpu = 100 * postgres_seconds / elapsed
    level.clients_cpu = 100 * clients_seconds / elapsed
    level.others_cpu = 100 * others / elapsed
    level.kernel_cpu = 100 * kernel / elapsed
    level.machine_cpu = 100 * machine["busy"] / elapsed
    failed = [m for m in mutations if m.cursor is None]
    if failed:
        level.notes.append(f"{len(failed)} mutations failed, e.g. {failed[0].error}")
    summarize(level, mutations, await clients.arrivals(), await commit_times(database_url, cursors))
    level.server_us_per_delivery = 1e6 * server_seconds / max(1, level.delivered)
    status = await clients.status()
    if status["partial"]:
        level.notes.append(f"{status['partial']} messages carried errors, e.g. {status['errors'][:1]}")
    if status["ended"]:
        level.notes.append(f"{status['ended']} subscriptions ended early: {status['errors'][:2]}")


def start_profiler(pid: int, level: Level, options: Options) -> subprocess.Popen[bytes] | None:
    """py-spy on the server for the driving period (non-blocking sampling: it does not pause the server)."""
    if options.profile is None:
        return None
    options.profile.mkdir(parents=True, exist_ok=True)
    output = options.profile / f"{level.label.split()[0]}-{level.subscribers}.txt"
    return subprocess.Popen(
        [str(VENV_BIN / "py-spy"), "record", "--pid", str(pid), "--nonblocking", "--rate", "200",
         "--format", "raw", "--output", str(output), "--duration", str(int(options.duration) + 60)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop_profiler(profiler: subprocess.Popen[bytes] | None) -> None:
    if profiler is None:
        return
    profiler.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
    try:
        profiler.wait(30)
    except subprocess.TimeoutExpired:
        profiler.kill()


def summarize(
    level: Level, mutations: list[Mutation], arrivals: dict[int, list[float]], commits: dict[int, float]
) -> None:
    for mutation in mutations:
        if mutation.cursor is None:
            continue
        level.events += 1
        level.expected += level.subscribers
        level.mutation_ms.append(1000 * (mutation.answered - mutation.sent))
        times = arrivals.get(mutation.cursor, [])
        level.delivered += len(times)
        if not times:
            continue
        level.last_ms.append(1000 * (max(times) - mutation.answered))
        level.first_ms.append(1000 * (min(times) - mutation.answered))
        level.last_from_send_ms.append(1000 * (max(times) - mutation.sent))
        if mutation.cursor in commits:
            level.last_from_commit_ms.append(1000 * (max(times) - commits[mutation.cursor]))


# ---------------------------------------------------------------------------------------
# Main


def raise_fd_limit() -> None:
    """Every process started from here inherits it: the server and the client processes."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    wanted = 65536
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, max(hard, wanted)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", default="100,1000,5000", help="comma-separated levels")
    parser.add_argument("--rate", type=float, default=5.0, help="ticket changes per second")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of driving per level")
    parser.add_argument("--per-process", type=int, default=1250, help="subscribers per client process")
    parser.add_argument("--no-deflate", action="store_true",
                        help="do not offer permessage-deflate (browsers always do)")
    parser.add_argument("--document", choices=sorted(DOCUMENTS), default="flat",
                        help="subscription document (see DOCUMENTS)")
    parser.add_argument("--naive", default="1000",
                        help="levels to also run against bench/naive_hub_app.py ('' for none)")
    parser.add_argument("--patches", default="",
                        help="run the levels on bench/whatif_server.py with these patches instead of `cozum serve`")
    parser.add_argument("--profile", type=Path, help="record the server with py-spy into this folder")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    return parser.parse_args()


def server_env(database: Database) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database.url, "COZUM_ENV": "development",
            "PYTHONPATH": str(ROOT / "bench")}


def naive_command() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "naive_hub_app.py"), "--port", "{port}"]


def whatif_command() -> list[str]:
    return [sys.executable, str(ROOT / "bench" / "whatif_server.py"), "--port", "{port}"]


async def run_all(args: argparse.Namespace, database: Database) -> list[Level]:
    options = Options(rate=args.rate, duration=args.duration, per_process=args.per_process,
                      deflate=not args.no_deflate, document=DOCUMENTS[args.document], profile=args.profile)
    levels = []
    env = server_env(database)
    patched = {**env, "BENCH_PATCHES": args.patches}
    plan = [("cozum", int(n), cozum_command(), env) for n in args.subscribers.split(",") if n]
    if args.patches:
        label = f"cozum + {args.patches}"
        plan = [(label, n, whatif_command(), patched) for _, n, _, _ in plan]
    plan += [("naive", int(n), naive_command(), env) for n in args.naive.split(",") if n]
    for label, n, command, server_environment in plan:
        print(f"[{time.strftime('%H:%M:%S')}] {label}: {n:,} subscribers…", flush=True)
        level = await run_level(label, n, command, server_environment, database, options)
        print(table([level]).splitlines()[2], flush=True)
        levels.append(level)
    return levels


def main() -> None:
    args = parse_args()
    raise_fd_limit()
    sys.path.insert(0, str(ROOT / "backend"))
    started = time.monotonic()
    server = server_url()
    try:
        database = create_database(server)
        try:
            levels = asyncio.run(run_all(args, database))
        finally:
            drop_database(database)
    finally:
        stop_embedded()
    print()
    print(f"rate {args.rate:g}/s for {args.duration:g} s per level; deflate {'off' if args.no_deflate else 'on'}; "
          f"latency = last subscriber's arrival − mutation response received (after COMMIT)")
    print(table(levels))
    print()
    print(diagnostics(levels))
    print()
    print(goals(levels))
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([lv.__dict__ for lv in levels], indent=1))


if __name__ == "__main__":
    main()
