"""Notification outbox benchmark: messages a second through the outbox to local receivers, and
the delay from COMMIT to the receiver, for Çözüm's worker and, in the same run taking turns, the
naive worker (`outbox_naive.py`) and a "send directly" ceiling (no database at all).

    .venv/bin/python bench/outbox.py [--messages 2000] [--steady 300] [--rate 50] [--rounds 2]

Two phases per contender and round:
- drain: `--messages` tickets filed first (100 per transaction, no contender running), then the
  contender started; messages/s from the first arrival to the last (start-up not counted).
- steady: the contender running, `--steady` tickets filed one per transaction at `--rate` a second;
  delay = arrival at the receiver − the COMMIT of the ticket and its outbox row
  (pg_xact_commit_timestamp; same machine clock). Not for "direct", which has no commit.
Half the tickets ask for e-mail (aiosmtpd), half for SMS (an HTTP gateway); both receivers run in
a process of their own (`outbox_receivers.py`) and record every idempotency key's arrivals; the
workers run in processes of their own (`cozum worker`, `outbox_contender.py`), as in production.
See bench/README.md.
"""

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import procstat
from fanout_postgres import ROOT, create_database, drop_database, postmaster_pid, server_url, stop_embedded
from fanout_server import VENV_BIN, free_port, wait_until_idle
from outbox_load import Producer, Receivers, commit_times
from sqlalchemy import text

from cozum.config import Settings
from cozum.db import create_engine, create_sessionmaker, transaction
from cozum.kit.language import Language
from cozum.kit.time import utcnow
from cozum.notifications.claim import _tickets
from cozum.notifications.compose import Row, compose
from cozum.notifications.models import NotificationKind
from cozum.notifications.senders.registry import senders_from
from cozum.notifications.templates import stored_templates
from cozum.tickets.enums import ReplyChannel

CONTENDERS = ("cozum", "naive", "direct")


class _Cpu:
    """CPU used from now on by a process (the contender's, or this one for "direct"), by
    PostgreSQL's backends (those started meanwhile counted whole), and by the whole machine, in %
    of one core (others' work included)."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.process = self._process()
        self.pg = self._backends()
        self.busy, self.at = procstat.machine_seconds()["busy"], time.monotonic()

    def _process(self) -> float:
        return procstat.cpu_seconds(self.pid) if self.pid else time.process_time()

    @staticmethod
    def _backends() -> dict[int, float]:
        return {pid: procstat.total_cpu_seconds([pid]) for pid in procstat.children_of(postmaster_pid() or 0)}

    def used(self) -> tuple[float, float, float]:
        pg = sum(cpu - self.pg.get(pid, 0.0) for pid, cpu in self._backends().items())
        busy = (procstat.machine_seconds()["busy"] - self.busy) / (time.monotonic() - self.at) * 100
        return self._process() - self.process, pg, busy


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


class Bench:
    def __init__(self, url: str, settings: Settings, receivers: Receivers, concurrency: int) -> None:
        self.url, self.settings, self.receivers, self.concurrency = url, settings, receivers, concurrency
        self.engine = create_engine(url, pool_size=concurrency + 2)
        self.sessionmaker = create_sessionmaker(self.engine)
        self.producer = Producer(self.sessionmaker, settings.secret_key)

    def contender(self, name: str) -> subprocess.Popen[bytes]:
        """A process of its own, as in production (`cozum worker`): the producer's CPU and
        connections are not the worker's."""
        env = {**os.environ, "DATABASE_URL": self.url, "COZUM_ENV": "development",
               "SMTP_URL": self.settings.smtp_url or "", "SMS_GATEWAY_URL": self.settings.sms_gateway_url or ""}
        command = ([str(VENV_BIN / "cozum"), "worker", "--concurrency", str(self.concurrency)] if name == "cozum"
                   else [sys.executable, str(Path(__file__).with_name("outbox_contender.py")), str(self.concurrency)])
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    @staticmethod
    def stop(process: subprocess.Popen[bytes]) -> None:
        process.send_signal(signal.SIGTERM)
        process.wait(60)

    async def drain(self, name: str, messages: int) -> dict[str, float]:
        """Messages a second from the first arrival to the last: a process's start-up is not counted."""
        await self.receivers.reset()
        filed = await self.producer.preload(messages)
        process = None
        if name == "direct":
            cpu = _Cpu(None)
            _, send = await self.direct(filed.ticket_ids)
            await send()
        else:
            process = self.contender(name)
            await self.receivers.wait_for_count(1, within=60)
            cpu = _Cpu(process.pid)
        seen = await self.receivers.wait_for(filed.keys, within=600)
        worker_cpu, postgres_cpu, machine = cpu.used()
        if process is not None:
            self.stop(process)
        firsts = sorted(min(seen[k]) for k in filed.keys if k in seen)
        duplicates = sum(len(seen[k]) - 1 for k in filed.keys if k in seen)
        elapsed = firsts[-1] - firsts[0]
        return {"delivered": len(firsts), "seconds": elapsed, "per_second": (len(firsts) - 1) / elapsed,
                "duplicates": duplicates, "worker_cpu_ms": worker_cpu * 1000 / len(firsts),
                "postgres_cpu_ms": postgres_cpu * 1000 / len(firsts), "machine_busy_pct": machine}

    async def direct(self, ticket_ids: list[int]) -> tuple[float, Callable[[], Awaitable[None]]]:
        """The ceiling: the same messages composed beforehand, sent by the same senders with the same
        concurrency, and nothing recorded."""
        async with transaction(self.sessionmaker) as session:
            rows = (await session.execute(text(
                "SELECT * FROM outbox WHERE ticket_id = ANY(:ids)"), {"ids": ticket_ids})).mappings().all()
            context = await _tickets(session, set(ticket_ids))
            stored = await stored_templates(session)
        messages = []
        for r in rows:
            row = Row(id=r["id"], ticket_id=r["ticket_id"], kind=NotificationKind(r["kind"]),
                      channel=ReplyChannel(r["channel"]), language=Language(r["language"]),
                      data=dict(r["data"]), idempotency_key=r["idempotency_key"],
                      attempts=1, created_at=r["created_at"])
            messages.append(compose(self.settings, stored, row, *context[row.ticket_id], utcnow()))
        senders = senders_from(self.settings, 30.0)
        gate = asyncio.Semaphore(self.concurrency)

        async def one(message: Any) -> None:
            async with gate:
                sender = senders.get(message.channel)
                assert sender is not None
                await sender.send(message)

        async def send() -> None:
            await asyncio.gather(*(one(m) for m in messages))
            await senders.close()
            async with transaction(self.sessionmaker) as session:  # or the next contender would send them
                await session.execute(text("UPDATE outbox SET status = 'SENT' WHERE ticket_id = ANY(:ids)"),
                                      {"ids": ticket_ids})

        return time.time(), send

    async def steady(self, name: str, count: int, rate: float) -> dict[str, float]:
        await self.receivers.reset()
        process = self.contender(name)
        await wait_until_idle(process.pid)  # started, listening (or polling), nothing to do
        filed = await self.producer.steady(count, rate)
        seen = await self.receivers.wait_for(filed.keys, within=120)
        self.stop(process)
        committed = await commit_times(self.sessionmaker, filed.ticket_ids)
        delays = [(min(seen[k]) - committed[k]) * 1000 for k in filed.keys if k in seen and k in committed]
        return {"delivered": len(delays), "p50_ms": percentile(delays, 50), "p99_ms": percentile(delays, 99),
                "max_ms": max(delays), "mean_ms": statistics.fmean(delays)}


def start_receivers() -> tuple[subprocess.Popen[bytes], int, int]:
    smtp_port, http_port = free_port(), free_port()
    process = subprocess.Popen([sys.executable, str(Path(__file__).with_name("outbox_receivers.py")),
                                str(smtp_port), str(http_port)], cwd=ROOT)
    return process, smtp_port, http_port


async def wait_listening(receivers: Receivers) -> None:
    for _ in range(100):
        try:
            await receivers.arrivals()
            return
        except httpx.HTTPError:
            await asyncio.sleep(0.1)
    raise RuntimeError("the receivers did not start")


async def run(args: argparse.Namespace, url: str, smtp_port: int, http_port: int) -> dict[str, Any]:
    settings = Settings(COZUM_ENV="development", SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
                        SMS_GATEWAY_URL=f"http://127.0.0.1:{http_port}/sms", COZUM_WORKER="off")
    receivers = Receivers(http_port)
    await wait_listening(receivers)
    bench = Bench(url, settings, receivers, args.concurrency)
    results: dict[str, Any] = {name: {"drain": [], "steady": []} for name in CONTENDERS}
    for round_ in range(args.rounds):
        chosen = [c for c in CONTENDERS if c in args.contenders.split(",")]
        order = chosen if round_ % 2 == 0 else list(reversed(chosen))
        for name in order:
            drained = await bench.drain(name, args.messages)
            results[name]["drain"].append(drained)
            print(f"round {round_ + 1} {name:6} drain: {drained['per_second']:7.0f} msg/s "
                  f"({drained['delivered']} in {drained['seconds']:.2f} s, {drained['duplicates']} duplicates; "
                  f"CPU per message {drained['worker_cpu_ms']:.2f} ms worker, {drained['postgres_cpu_ms']:.2f} ms "
                  f"PostgreSQL; machine {drained['machine_busy_pct']:.0f} % busy)")
            if name != "direct" and args.steady:
                steady = await bench.steady(name, args.steady, args.rate)
                results[name]["steady"].append(steady)
                print(f"round {round_ + 1} {name:6} steady: p50 {steady['p50_ms']:.1f} ms, "
                      f"p99 {steady['p99_ms']:.1f} ms "
                      f"({steady['delivered']} at {args.rate}/s)")
    await bench.engine.dispose()
    return results


def report(results: dict[str, Any]) -> None:
    def median(name: str, phase: str, key: str) -> float:
        return statistics.median(r[key] for r in results[name][phase])

    if not results["cozum"]["drain"]:
        return
    ours = median("cozum", "drain", "per_second")
    ours_p50 = median("cozum", "steady", "p50_ms") if results["cozum"]["steady"] else None
    print("\n| contender | drain msg/s | vs Çözüm | CPU ms/msg (worker / PostgreSQL) | steady p50 ms | p99 ms "
          "| p50 vs Çözüm |")
    print("|---|--:|--:|--:|--:|--:|--:|")
    for name in (n for n in CONTENDERS if results[n]["drain"]):
        rate = median(name, "drain", "per_second")
        cpu = f"{median(name, 'drain', 'worker_cpu_ms'):.2f} / {median(name, 'drain', 'postgres_cpu_ms'):.2f}"
        steady = "— | — | —"
        if results[name]["steady"] and ours_p50:
            p50 = median(name, "steady", "p50_ms")
            steady = f"{p50:.1f} | {median(name, 'steady', 'p99_ms'):.1f} | {p50 / ours_p50:.1f}×"
        print(f"| {name} | {rate:,.0f} | {rate / ours:.2f}× | {cpu} | {steady} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--steady", type=int, default=300)
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--contenders", default=",".join(CONTENDERS), help="cozum,naive,direct")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    server = server_url()
    database = create_database(server)
    receivers, smtp_port, http_port = start_receivers()
    try:
        results = asyncio.run(run(args, database.url, smtp_port, http_port))
        report(results)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
    finally:
        receivers.terminate()
        receivers.wait()
        drop_database(database)
        stop_embedded()


if __name__ == "__main__":
    main()
