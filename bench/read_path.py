"""The read path side by side: Çözüm, PostGraphile 5 and a raw-asyncpg reference on one database.

    .venv/bin/python bench/read_path.py --tickets 100000 [--database-url URL] [--rounds 3 --seconds 5]

Builds (or extends) the dataset, installs wrk and PostGraphile if missing, starts one process of
each target, checks that every target answers each scenario with the same content, then runs
the scenarios taking turns and prints one table. See bench/README.md.
"""

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import asyncpg
import httpx
import orjson
from readpath import consoles, load, mail, targets
from readpath.round_end import RoundEnd
from readpath.scenarios import DOCUMENTS, Request, Scenario, build, canonical
from readpath.targets import Target

BENCH = Path(__file__).resolve().parent
PORTS = {"cozum": 8811, "postgraphile": 8812, "raw": 8813, "cozum-2": 8814}


def plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


def dataset(url: str | None, tickets: int) -> str:
    """The dataset's URL, after bench/dataset.py has built what is missing of it."""
    command = [sys.executable, str(BENCH / "dataset.py"), "--tickets", str(tickets)]
    subprocess.run(command + (["--database-url", url] if url else []), check=True)
    if url:
        return url
    from cozum.embedded import start_embedded

    return start_embedded(Path(".cozum/bench-pg"))


def login(target: Target) -> str:
    document = "mutation($input: LoginInput!) { login(input: $input) { user { id } userErrors { code } } }"
    variables = {"input": {"email": "operator@cozum.local", "password": "cozum-demo"}}
    response = httpx.post(target.url, json={"query": document, "variables": variables})
    cookie = response.cookies.get("cozum_session")
    if not cookie:
        sys.exit(f"login as operator@cozum.local failed: {response.text[:300]}")
    return cookie


async def pick(conn: asyncpg.Connection, cozum: Target, cookie: str) -> list[Scenario]:
    """Data for the scenarios: the busiest department and status, a ticket with a long history."""
    department, status = await conn.fetchrow(
        "SELECT department_id, status FROM tickets WHERE department_id IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1")
    ticket = await conn.fetchval("SELECT ticket_id FROM ticket_events WHERE ticket_id <= 1000"
                                 " GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
    category = await conn.fetchval("SELECT id FROM categories WHERE department_id IS NOT NULL ORDER BY id LIMIT 1")
    prefix = (await conn.fetchval("SELECT reference FROM tickets ORDER BY id LIMIT 1")).split("-")[0]
    # A tracked request needs its secret, which only its submission tells: file one.
    submit = build(cookie, department, status, ticket, ("", ""), category, prefix)[4].requests["cozum"]
    async with httpx.AsyncClient() as client:
        response = await client.post(cozum.url, content=submit.body, headers={"content-type": "application/json"})
    answer = orjson.loads(response.content)
    tracked = answer["data"]["submitRequest"]
    return build(cookie, department, status, ticket, (tracked["reference"], tracked["secret"]), category, prefix)


def verify(scenario: Scenario, running: dict[str, Target]) -> str:
    """'same' when every target's answer has the same canonical bytes; else says who differs, loudly."""
    answers = {}
    for name, request in scenario.requests.items():
        headers = {"content-type": "application/json"}
        if request.cookie:
            headers["cookie"] = f"cozum_session={request.cookie}"
        answers[name] = canonical(httpx.post(running[name].url + request.path, content=request.body,
                                             headers=headers, timeout=30).content)
    if not scenario.compare:
        return "-"
    reference = answers["cozum"]
    differ = [n for n, a in answers.items() if a != reference]
    if reference in (b"null", b"[]") or differ:
        print(f"\n!!! CONTENT MISMATCH in {scenario.name!r}: {differ or 'empty answer'}", file=sys.stderr)
        for name, answer in answers.items():
            print(f"  {name}: {answer[:400]!r}", file=sys.stderr)
        return "MISMATCH"
    return "same"


def turns(names: list[str], number: int) -> list[str]:
    """The targets' order in round `number`: taking turns, in a changing order, so that a
    disturbance is shared rather than one target's."""
    return names[number % len(names):] + names[:number % len(names)]


@dataclass
class Flowing:
    """What runs around Çözüm's rounds of a scenario that asks for it: the staff consoles and
    the SMTP server, and what they received."""

    key: str
    sink: mail.MailSink | None
    delivered: consoles.Delivered = field(default_factory=consoles.Delivered)
    mailed: mail.Mailed = field(default_factory=mail.Mailed)

    @contextlib.asynccontextmanager
    async def during(self, scenario: Scenario, target: Target, conn: asyncpg.Connection) -> AsyncIterator[None]:
        end = RoundEnd()
        async with contextlib.AsyncExitStack() as stack:
            if target.name.startswith("cozum") and scenario.consoles:
                await stack.enter_async_context(consoles.listening(target, self.key, conn, self.delivered, end))
            if target.name.startswith("cozum") and scenario.mail and self.sink is not None:
                await stack.enter_async_context(mail.mailing(self.sink, conn, self.mailed, end))
            yield
            end.mark()  # before either waits for what came late

    def report(self, row: dict[str, object], scenario: Scenario) -> None:
        if scenario.consoles:
            row["live"] = {"consoles": consoles.SUBSCRIBERS, "received": self.delivered.received,
                           "expected": self.delivered.expected, "late": self.delivered.late}
        if scenario.mail:
            row["mail"] = {"received": self.mailed.received, "expected": self.mailed.expected,
                           "late": self.mailed.late}


async def in_turns(scenario: Scenario, requests: dict[str, Request], running: dict[str, Target],
                   args: argparse.Namespace, conn: asyncpg.Connection, flowing: Flowing, *, rounds: int,
                   rate: float | None = None) -> dict[str, list[load.Round]]:
    """Each target's rounds of its request, the targets taking turns in a changing order."""
    done: dict[str, list[load.Round]] = {name: [] for name in requests}
    for number in range(rounds):
        for name in turns(list(requests), number):
            async with flowing.during(scenario, running[name], conn):
                done[name].append(await load.run(running[name], requests[name], args.seconds, args.connections,
                                                 conn, rate=rate))
    return done


async def measure(scenarios: list[Scenario], running: dict[str, Target], args: argparse.Namespace,
                  conn: asyncpg.Connection, key: str = "",
                  sink: mail.MailSink | None = None) -> list[dict[str, object]]:
    rows = []
    for scenario in scenarios:
        flowing = Flowing(key, sink)
        same = verify(scenario, running)
        for target_name, request in scenario.requests.items():
            await load.run(running[target_name], request, args.warmup, args.connections, conn)
        rounds = await in_turns(scenario, scenario.requests, running, args, conn, flowing, rounds=args.rounds)
        for target_name, done in rounds.items():
            requests = sum(r.requests for r in done)
            rows.append({
                "scenario": scenario.name, "target": target_name, "content": same,
                "rps": statistics.median(r.requests / r.seconds for r in done),
                "p50": statistics.median(r.p50_ms for r in done), "p99": statistics.median(r.p99_ms for r in done),
                "cpu_per_1000": 1000 * sum(r.cpu_s for r in done) / max(requests, 1),
                "pg_cpu_per_1000": _postgres_per_1000(done, requests),
                "rss_mib": max(r.peak_rss for r in done) / 2**20,
                "tx_per_request": sum(r.transactions for r in done) / max(requests, 1),
                "errors": sum(r.errors for r in done)})
            if target_name == "cozum":
                flowing.report(rows[-1], scenario)
        print(f"{scenario.name}: done", file=sys.stderr)
    return rows


def _postgres_per_1000(done: list[load.Round], requests: int) -> float | None:
    used = [r.postgres_cpu_s for r in done]
    return None if None in used else 1000 * sum(cast(float, u) for u in used) / max(requests, 1)


def _seconds(value: object) -> str:
    return "" if value is None else f"{value:.2f}"


# The goals' latencies are at a load, not at saturation: these scenarios also run at fixed rates
# (the submissions with their consoles and e-mails, as in the saturated runs).
PACED = (("trackRequest", 1000), ("queue", 150), ("queue", 300), ("submitRequest, e-mail reply", 500))


async def paced(scenarios: list[Scenario], running: dict[str, Target], args: argparse.Namespace,
                conn: asyncpg.Connection, key: str = "", sink: mail.MailSink | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for name, rate in PACED:
        scenario = next((s for s in scenarios if s.name == name), None)
        if scenario is None:
            continue
        flowing = Flowing(key, sink)
        # Two rounds at most: a schedule's latencies vary less than saturated throughput does, and
        # the whole run at 100k stays within ten minutes.
        rounds = await in_turns(scenario, scenario.requests, running, args, conn, flowing,
                                rounds=min(args.rounds, 2), rate=rate)
        for target_name, done in rounds.items():
            requests = sum(r.requests for r in done)
            rows.append({
                "scenario": name, "rate": rate, "target": target_name,
                "rps": statistics.median(r.requests / r.seconds for r in done),
                "p50": statistics.median(r.p50_ms for r in done), "p99": statistics.median(r.p99_ms for r in done),
                "p99_worst": max(r.p99_ms for r in done),
                "cpu_per_1000": 1000 * sum(r.cpu_s for r in done) / max(requests, 1),
                "pg_cpu_per_1000": _postgres_per_1000(done, requests),
                "errors": sum(r.errors for r in done)})
            if target_name == "cozum":
                flowing.report(rows[-1], scenario)
        print(f"{name} at {rate:,} req/s: done", file=sys.stderr)
    return rows


def paced_table(rows: list[dict[str, object]]) -> str:
    head = ("| scenario | asked req/s | target | req/s | p50 ms | p99 ms | worst round's p99 ms | CPU s/1k req"
            " | PostgreSQL CPU s/1k req | errors |\n|---|--:|---|--:|--:|--:|--:|--:|--:|--:|")
    return "\n".join([head] + [
        f"| {r['scenario']} | {r['rate']:,} | {r['target']} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} |"
        f" {r['p99_worst']:.1f} | {r['cpu_per_1000']:.2f} | {_seconds(r['pg_cpu_per_1000'])} | {r['errors']} |"
        for r in rows])


def ratios(rows: list[dict[str, object]]) -> None:
    for row in rows:
        peers = {r["target"]: r["rps"] for r in rows if r["scenario"] == row["scenario"]}
        for peer, key in (("postgraphile", "vs_pgl"), ("raw", "vs_raw")):
            row[key] = float(row["rps"]) / float(peers[peer]) if peer in peers else None  # type: ignore[arg-type]


def flows(rows: list[dict[str, object]]) -> None:
    """What reached the consoles and the SMTP server during the rounds of the scenarios that had them."""
    for row in rows:
        name = f"{row['scenario']} ({row['target']}" + (f", {row['rate']:,} req/s asked)" if "rate" in row else ")")
        if "live" in row:
            live = cast(dict[str, float], row["live"])
            print(f"\n{name} with {live['consoles']:.0f} staff consoles subscribed to ticketEvents:"
                  f" {live['received']:,.0f} of {live['expected']:,.0f} events delivered"
                  f" ({100 * live['received'] / max(live['expected'], 1):.1f}%), the last {live['late']:.1f} s"
                  " after its round ended")
        if "mail" in row:
            mailed = cast(dict[str, float], row["mail"])
            print(f"{name}: {mailed['received']:,.0f} of {mailed['expected']:,.0f} RECEIVED e-mails at the"
                  f" SMTP server, the last {mailed['late']:.1f} s after its round ended")


def table(rows: list[dict[str, object]]) -> str:
    head = ("| scenario | target | req/s | p50 ms | p99 ms | CPU s/1k req | PostgreSQL CPU s/1k req | peak RSS MiB"
            " | tx/req | × PostGraphile | × raw | content | errors |"
            "\n|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|")
    lines = [head]
    for r in rows:
        ratio = [f"{r[k]:.2f}" if r[k] is not None else "" for k in ("vs_pgl", "vs_raw")]
        lines.append(f"| {r['scenario']} | {r['target']} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} |"
                     f" {r['cpu_per_1000']:.2f} | {_seconds(r['pg_cpu_per_1000'])} | {r['rss_mib']:.0f} |"
                     f" {r['tx_per_request']:.2f} |"
                     f" {ratio[0]} | {ratio[1]} | {r['content']} | {r['errors']} |")
    return "\n".join(lines)


@dataclass
class Bench:
    """The dataset, a connection to it, and the SMTP server that takes the submissions' e-mails."""

    url: str
    conn: asyncpg.Connection
    sink: mail.MailSink


@contextlib.asynccontextmanager
async def prepared(args: argparse.Namespace) -> AsyncIterator[Bench]:
    url = await asyncio.to_thread(dataset, args.database_url, args.tickets)
    await asyncio.to_thread(targets.ensure_tools)
    conn = await asyncpg.connect(plain(url))
    await conn.execute((DOCUMENTS / "last_event.sql").read_text())
    sink = mail.MailSink()
    await sink.ready()
    try:
        yield Bench(url, conn, sink)
    finally:
        sink.stop()
        await conn.close()


def scenario_options(parser: argparse.ArgumentParser, *, rounds: int, connections: int) -> None:
    """The dataset and the load: what read_path.py and turns.py both take."""
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--database-url", help="default: the embedded PostgreSQL in .cozum/bench-pg")
    parser.add_argument("--rounds", type=int, default=rounds)
    parser.add_argument("--seconds", type=int, default=5, help="per round and target")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--connections", type=int, default=connections)
    parser.add_argument("--only", help="run only the scenarios whose name contains this")


async def main_async(args: argparse.Namespace) -> None:
    async with prepared(args) as bench:
        rows, at_rates = await _measured(args, bench)
    ratios(rows)
    print(table(rows))
    flows(rows)
    if at_rates:
        print("\nAt fixed rates (each wrk thread on a schedule; p99 of each round, the median of the rounds):\n")
        print(paced_table(at_rates))
        flows(at_rates)
    if args.json:
        args.json.write_bytes(orjson.dumps({"saturated": rows, "paced": at_rates}, option=orjson.OPT_INDENT_2))


Rows = list[dict[str, object]]


async def _measured(args: argparse.Namespace, bench: Bench) -> tuple[Rows, Rows]:
    """Every scenario on every target, saturated and at fixed rates."""
    url, conn, sink = bench.url, bench.conn, bench.sink
    running = {"cozum": targets.start_cozum(url, PORTS["cozum"], smtp_url=sink.smtp_url),
               "postgraphile": targets.start_postgraphile(url, PORTS["postgraphile"]),
               "raw": targets.start_raw(url, PORTS["raw"])}
    try:
        cookie = login(running["cozum"])
        scenarios = await pick(conn, running["cozum"], cookie)
        wanted = [s for s in scenarios if not args.only or args.only in s.name]
        key = await consoles.api_key(url)
        rows = await measure(wanted, running, args, conn, key, sink)
        at_rates = await paced(wanted, running, args, conn, key, sink) if args.paced else []
        if args.workers and not args.only:
            running["cozum"].stop()
            running["cozum-2"] = targets.start_cozum(url, PORTS["cozum-2"], workers=2)
            queue = Scenario("queue, --workers 2", {"cozum-2": scenarios[0].requests["cozum"]}, compare=False)
            rows += await measure([queue], running, args, conn)
    finally:
        for target in running.values():
            target.stop()
    return rows, at_rates


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    scenario_options(parser, rounds=3, connections=32)
    parser.add_argument("--no-workers", dest="workers", action="store_false", help="skip `--workers 2`")
    parser.add_argument("--no-fanout", dest="fanout", action="store_false",
                        help="skip the live fan-out benchmark (1,000 subscribers, 10 s)")
    parser.add_argument("--no-paced", dest="paced", action="store_false",
                        help="skip the runs at fixed rates (trackRequest at 1,000 req/s, the queue at 150 and 300)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    asyncio.run(main_async(args))
    if args.fanout:
        # Scenario 5: the live fan-out benchmark at one level, its own tables after this one's.
        subprocess.run([sys.executable, str(BENCH / "live_fanout.py"), "--subscribers", "1000", "--naive", "",
                        "--duration", "10"], check=True)


if __name__ == "__main__":
    main()
