"""Two versions of Çözüm on one dataset, taking turns: what a change gains, round by round.

    .venv/bin/python bench/turns.py --base 713a47d --only submitRequest [--rounds 14 --seconds 5]

On a shared machine the speed can change by 2× from one minute to the next, so figures taken
minutes apart compare nothing. Here the code at --base (a git worktree of this repository) and
the working tree each run as one `cozum serve` on the same database. They answer the same
scenario (read_path.py's, with its consoles and SMTP server where it has them) in adjacent turns,
changing order every round, and each round gives the ratios after/before of CPU per request and
of req/s; their medians are the result. Both versions must agree on the database schema.
"""

import argparse
import asyncio
import dataclasses
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import asyncpg
from read_path import Flowing, in_turns, login, pick, prepared, scenario_options
from readpath import consoles, load, targets
from readpath.scenarios import Scenario

PORTS = {"before": 8821, "after": 8822}


def worktree(revision: str) -> Path:
    place = Path(tempfile.mkdtemp(prefix="cozum-turns-"))
    command = ["git", "-C", str(targets.ROOT), "worktree", "add", "--detach", "--force", "-q", str(place), revision]
    subprocess.run(command, check=True)
    return place


def remove(place: Path) -> None:
    subprocess.run(["git", "-C", str(targets.ROOT), "worktree", "remove", "--force", str(place)], check=False)


def cpu_ms(done: load.Round) -> float:
    return 1000 * done.cpu_s / max(done.requests, 1)


async def both(scenario: Scenario, running: dict[str, targets.Target], args: argparse.Namespace,
               conn: asyncpg.Connection, flowing: Flowing) -> dict[str, list[load.Round]]:
    """Both versions' rounds of the scenario's request to Çözüm, after a warm-up each."""
    request = scenario.requests["cozum"]
    for target in running.values():
        await load.run(target, request, args.warmup, args.connections, conn)
    requests = dict.fromkeys(running, request)
    return await in_turns(scenario, requests, running, args, conn, flowing, rounds=args.rounds)


def report(scenario: Scenario, done: dict[str, list[load.Round]]) -> str:
    lines = [f"\n{scenario.name}\n",
             "| round | before req/s | after req/s | before CPU ms/req | after CPU ms/req | CPU after/before"
             " | req/s after/before | errors |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|"]
    cpu, rps = [], []
    for number, (old, new) in enumerate(zip(done["before"], done["after"], strict=True), 1):
        cpu.append(cpu_ms(new) / cpu_ms(old))
        rps.append((new.requests / new.seconds) / max(old.requests / old.seconds, 1e-9))
        lines.append(f"| {number} | {old.requests / old.seconds:,.0f} | {new.requests / new.seconds:,.0f} |"
                     f" {cpu_ms(old):.2f} | {cpu_ms(new):.2f} | {cpu[-1]:.3f} | {rps[-1]:.3f} |"
                     f" {old.errors + new.errors} |")
    lines.append(f"\nmedian of the rounds: CPU per request ×{statistics.median(cpu):.3f}"
                 f" (from ×{min(cpu):.2f} to ×{max(cpu):.2f}); req/s ×{statistics.median(rps):.3f}")
    return "\n".join(lines)


async def main_async(args: argparse.Namespace) -> None:
    async with prepared(args) as bench:
        base = worktree(args.base)
        running: dict[str, targets.Target] = {}
        try:
            running["before"] = targets.start_cozum(bench.url, PORTS["before"], smtp_url=bench.sink.smtp_url,
                                                    name="cozum-before", source=base / "backend")
            running["after"] = targets.start_cozum(bench.url, PORTS["after"], smtp_url=bench.sink.smtp_url,
                                                   name="cozum-after")
            scenarios = await pick(bench.conn, running["after"], login(running["after"]))
            key = await consoles.api_key(bench.url)
            for scenario in (s for s in scenarios if not args.only or args.only in s.name):
                if not args.consoles:
                    scenario = dataclasses.replace(scenario, consoles=False)
                done = await both(scenario, running, args, bench.conn, Flowing(key, bench.sink))
                print(report(scenario, done), flush=True)
        finally:
            for target in running.values():
                target.stop()
            remove(base)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the git revision to compare the working tree with")
    scenario_options(parser, rounds=14, connections=16)
    parser.add_argument("--no-consoles", dest="consoles", action="store_false",
                        help="the submissions without the 50 staff consoles subscribed")
    args = parser.parse_args()
    if args.rounds < 1:
        sys.exit("--rounds must be at least 1")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
