"""Against a real server process: fragment bombs are refused in milliseconds over POST and GET,
/healthz keeps answering while ten clients send them, and fifty huge distinct documents leave
the process's memory where it was.

Timings are printed (`pytest -s`); the bounds asserted are generous, for a shared machine.
"""

import asyncio
import statistics
import time
from collections import Counter
from pathlib import Path

import httpx

from tests.core.hostile_documents import fragment_bomb
from tests.fixtures.live import server_process

BOMBS = {spreads: fragment_bomb(40, spreads) for spreads in (2, 3, 4, 5)}


async def _send(http: httpx.AsyncClient, document: str, method: str) -> httpx.Response:
    if method == "GET":
        return await http.get("/graphql", params={"query": document}, timeout=30)
    return await http.post("/graphql", json={"query": document}, timeout=30)


async def test_fragment_bombs_are_refused_in_milliseconds_over_post_and_get(database_url: str) -> None:
    timings: dict[str, float] = {}
    async with server_process(database_url) as (address, _), httpx.AsyncClient(base_url=f"http://{address}") as http:
        for spreads, bomb in BOMBS.items():
            for method in ("POST", "GET"):
                # A comment of its own: each request misses the document cache.
                started = time.perf_counter()
                response = await _send(http, f"{bomb} # {method}", method)
                timings[f"{spreads} spreads, {method}"] = time.perf_counter() - started
                assert response.status_code == 400, response.text
                assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    print("\n" + "\n".join(f"{name}: {seconds * 1000:.1f} ms" for name, seconds in timings.items()))
    assert max(timings.values()) < 1.0


async def test_healthz_answers_while_ten_clients_send_fragment_bombs(database_url: str) -> None:
    answers: Counter[int] = Counter()
    stop = asyncio.Event()

    async def sender(base: str, number: int) -> None:
        async with httpx.AsyncClient(base_url=base) as http:
            sent = 0
            while not stop.is_set():
                spreads, method = 2 + sent % 4, ("POST", "GET")[number % 2]
                response = await _send(http, f"{BOMBS[spreads]} # {number} {sent}", method)
                answers[response.status_code] += 1
                sent += 1

    latencies: list[float] = []
    async with server_process(database_url) as (address, _):
        base = f"http://{address}"
        senders = [asyncio.create_task(sender(base, number)) for number in range(10)]
        async with httpx.AsyncClient(base_url=base) as probe:
            await asyncio.sleep(0.5)  # every sender under way
            for _ in range(40):
                started = time.perf_counter()
                response = await probe.get("/healthz", timeout=10)
                latencies.append(time.perf_counter() - started)
                assert response.status_code == 200
                await asyncio.sleep(0.05)
        stop.set()
        await asyncio.gather(*senders)
    print(f"\n{sum(answers.values())} bombs answered {dict(answers)}; /healthz median "
          f"{statistics.median(latencies) * 1000:.1f} ms, slowest {max(latencies) * 1000:.1f} ms")
    assert set(answers) == {400} and sum(answers.values()) >= 40
    assert max(latencies) < 1.0


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _huge(number: int, size: int = 4_000_000) -> str:
    """A small query made ~4,000,000 characters long by a comment or a string argument."""
    if number % 2:
        return f"{{ departments(first: 1) {{ totalCount }} }} # {number} " + "x" * size
    return f'{{ departments(after: "{number}' + "y" * size + '") { totalCount } }'


async def test_fifty_huge_distinct_documents_leave_the_memory_where_it_was(database_url: str) -> None:
    async with server_process(database_url) as (address, pid), httpx.AsyncClient(base_url=f"http://{address}") as http:
        for number in range(6):  # the first few raise the allocator's high-water mark once
            await http.post("/graphql", json={"query": _huge(1000 + number)}, timeout=30)
            await http.post("/graphql", json={"query": "{ departments(first: 1) { totalCount } }"})
        before = _rss(pid)
        started = time.perf_counter()
        for number in range(50):
            response = await http.post("/graphql", json={"query": _huge(number)}, timeout=30)
            assert response.status_code in (400, 413), response.text[:200]
            assert response.json()["errors"][0]["extensions"]["code"] in ("QUERY_TOO_LARGE", "PAYLOAD_TOO_LARGE")
        elapsed = time.perf_counter() - started
        await asyncio.sleep(0.5)
        after = _rss(pid)
    print(f"\nRSS {before / 2**20:.1f} MiB before, {after / 2**20:.1f} MiB after 50 documents of 4,000,000 "
          f"characters ({elapsed / 50 * 1000:.0f} ms each, round trip)")
    assert after - before < 40 * 2**20
