"""CPU and memory of processes, read from /proc (Linux only, no dependencies)."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _fields(pid: int) -> list[str]:
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name may hold spaces; the fields after its closing parenthesis are fixed.
    return stat[stat.rindex(")") + 2 :].split()


def rss_bytes(pid: int) -> int:
    """Resident set size now (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far (its own threads, not children)."""
    fields = _fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS


def parent_of(pid: int) -> int:
    return int(_fields(pid)[1])


def name_of(pid: int) -> str:
    return Path(f"/proc/{pid}/comm").read_text().strip()


def reaped_cpu_seconds(pid: int) -> float:
    """CPU time of the process's children that have exited and been waited for."""
    fields = _fields(pid)
    return (int(fields[13]) + int(fields[14])) / TICKS


def children_of(parent: int) -> list[int]:
    """Direct children of a process (e.g. the PostgreSQL backends under the postmaster)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if parent_of(int(entry.name)) == parent:
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def total_cpu_seconds(pids: list[int]) -> float:
    """Summed CPU time of processes; ones that have exited since count as zero."""
    total = 0.0
    for pid in pids:
        try:
            total += cpu_seconds(pid)
        except (OSError, ValueError):
            continue
    return total


def machine_seconds() -> dict[str, float]:
    """CPU time of all cores since boot, from the first line of /proc/stat.

    busy: not idle; softirq: network and other deferred kernel work, which loopback traffic
    lands in without being charged to any process; steal: taken by the hypervisor.
    """
    user, nice, system, _idle, _iowait, irq, softirq, steal = (
        int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]
    )
    return {
        "busy": (user + nice + system + irq + softirq + steal) / TICKS,
        "softirq": (irq + softirq) / TICKS,
        "steal": steal / TICKS,
    }
