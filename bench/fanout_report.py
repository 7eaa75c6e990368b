"""The fan-out benchmark's figures per level, and the tables it prints."""

import math
from dataclasses import dataclass, field

# From the live-updates issue: measured on this machine with a naive per-subscriber hub.
REFERENCE = {"subscribers": 1000, "p50": 143.0, "p99": 622.0}
GOALS = {1000: 100.0, 5000: 500.0}  # p99 ms
GOAL_IDLE_KIB = 50.0


@dataclass
class Level:
    label: str
    subscribers: int
    events: int = 0
    expected: int = 0
    delivered: int = 0
    connect_failures: int = 0
    last_ms: list[float] = field(default_factory=list)  # per event, last subscriber, from response
    first_ms: list[float] = field(default_factory=list)  # per event, first subscriber
    last_from_send_ms: list[float] = field(default_factory=list)
    last_from_commit_ms: list[float] = field(default_factory=list)  # per event, from pg commit timestamp
    mutation_ms: list[float] = field(default_factory=list)
    idle_kib: float = 0.0
    rss_base_mib: float = 0.0
    rss_peak_mib: float = 0.0
    server_cpu: float = 0.0
    server_us_per_delivery: float = 0.0
    others_cpu: float = 0.0  # other processes on the machine (e.g. someone's test suite)
    kernel_cpu: float = 0.0  # softirq (loopback networking) + hypervisor steal
    machine_cpu: float = 0.0  # both cores: 200 = fully busy
    postgres_cpu: float = 0.0
    clients_cpu: float = 0.0
    connect_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)



def percentile(values: list[float], q: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def ms(value: float) -> str:
    return "–" if math.isnan(value) else f"{value:,.0f}"


def table(levels: list[Level]) -> str:
    """The issue's table: latency at the last subscriber, delivery, memory, CPU."""
    rows = ["| hub | subscribers | p50 ms | p99 ms | max ms | events | delivered/expected "
            "| RSS per idle subscriber KiB | server CPU % | p50 / p99 ms from COMMIT |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for lv in levels:
        share = 100 * lv.delivered / max(1, lv.expected)
        rows.append(
            f"| {lv.label} | {lv.subscribers:,} | {ms(percentile(lv.last_ms, .5))} | {ms(percentile(lv.last_ms, .99))} "
            f"| {ms(max(lv.last_ms, default=math.nan))} | {lv.events} "
            f"| {lv.delivered:,}/{lv.expected:,} ({share:.1f}%) "
            f"| {lv.idle_kib:.1f} | {lv.server_cpu:.0f} "
            f"| {ms(percentile(lv.last_from_commit_ms, .5))} / {ms(percentile(lv.last_from_commit_ms, .99))} |"
        )
    rows.append(f"| reference from the issue: naive per-subscriber hub | {REFERENCE['subscribers']:,} "
                f"| {REFERENCE['p50']:.0f} | {REFERENCE['p99']:.0f} | | | | | | |")
    rows.append("| goal | 1,000 / 5,000 | | < 100 / < 500 | | | 100% | < 50 | | |")
    return "\n".join(rows)


def diagnostics(levels: list[Level]) -> str:
    """Where the time goes: the pipeline's floor, the server's cost per message, who else used the CPU."""
    rows = ["| hub | subscribers | first subscriber p50 ms | last p50 from request sent ms "
            "| mutation round trip p50 ms "
            "| server CPU µs per delivery | PostgreSQL CPU % | clients + driver CPU % | whole machine busy % (of 200) "
            "| other processes ≈ CPU % "
            "| server RSS base / peak MiB | connect s |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for lv in levels:
        rows.append(
            f"| {lv.label} | {lv.subscribers:,} | {ms(percentile(lv.first_ms, .5))} "
            f"| {ms(percentile(lv.last_from_send_ms, .5))} | {ms(percentile(lv.mutation_ms, .5))} "
            f"| {lv.server_us_per_delivery:.0f} | {lv.postgres_cpu:.0f} | {lv.clients_cpu:.0f} | {lv.machine_cpu:.0f} "
            f"| {lv.others_cpu:.0f} "
            f"| {lv.rss_base_mib:.0f} / {lv.rss_peak_mib:.0f} | {lv.connect_seconds:.1f} |"
        )
    return "\n".join(rows)


def goals(levels: list[Level]) -> str:
    lines = []
    for lv in levels:
        if lv.label == "naive":
            continue
        p99 = percentile(lv.last_ms, .99)
        goal = GOALS.get(lv.subscribers)
        verdict = "met" if p99 < (goal or 0) else "NOT met"
        latency = "" if goal is None else f"p99 {ms(p99)} ms (goal < {goal:.0f}): {verdict}; "
        memory = "met" if lv.idle_kib < GOAL_IDLE_KIB else "NOT met"
        complete = "all delivered" if lv.delivered == lv.expected else f"{lv.expected - lv.delivered:,} NOT delivered"
        lines.append(f"- {lv.subscribers:,}: {latency}idle {lv.idle_kib:.1f} KiB (goal < {GOAL_IDLE_KIB:.0f}): "
                     f"{memory}; {complete}")
        lines += [f"  - note: {note}" for note in lv.notes]
    return "\n".join(lines)
