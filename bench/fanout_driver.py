"""The benchmark's two sides: the driver that changes tickets over HTTP, and the client
processes that hold the subscriptions and time every arrival."""

import asyncio
import base64
import contextlib
import json
import math
import multiprocessing
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import fanout_clients
import httpx

NOTE = """mutation($input: AddInternalNoteInput!) {
  addInternalNote(input: $input) { event { id } userErrors { field code message } }
}"""
CREATE = """mutation($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id } userErrors { field code message } }
}"""


def event_cursor(global_id: str) -> int:
    padded = global_id + "=" * (-len(global_id) % 4)
    type_name, _, pk = base64.urlsafe_b64decode(padded).decode().partition(":")
    assert type_name == "TicketEvent", global_id
    return int(pk)


@dataclass
class Mutation:
    sent: float
    answered: float
    cursor: int | None
    error: str | None = None


class Driver:
    """Changes tickets over HTTP with the benchmark's API key."""

    def __init__(self, base: str, api_key: str) -> None:
        self.client = httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {api_key}"}, timeout=30)
        self.tickets: list[str] = []

    async def close(self) -> None:
        await self.client.aclose()

    async def call(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise RuntimeError(f"HTTP {response.status_code}: {json.dumps(body)[:500]}")
        return body["data"]

    async def create_tickets(self, category_id: str, count: int) -> None:
        for i in range(count):
            data = await self.call(CREATE, {"input": {
                "channel": "PHONE", "categoryId": category_id,
                "description": f"Benchmark ticket {i}: Cumhuriyet Caddesi üzerinde büyük bir çukur var.",
            }})
            payload = data["createTicket"]
            assert not payload["userErrors"], payload
            self.tickets.append(payload["ticket"]["id"])

    async def note(self, number: int) -> Mutation:
        ticket = self.tickets[number % len(self.tickets)]
        sent = time.time()
        try:
            data = await self.call(NOTE, {"input": {"ticketId": ticket, "body": f"bench note {number}"}})
        except (RuntimeError, httpx.HTTPError) as error:
            return Mutation(sent, time.time(), None, repr(error))
        answered = time.time()  # after COMMIT: the response is written once the unit of work committed
        payload = data["addInternalNote"]
        if payload["userErrors"]:
            return Mutation(sent, answered, None, str(payload["userErrors"]))
        return Mutation(sent, answered, event_cursor(payload["event"]["id"]))

    async def steady(self, rate: float, duration: float) -> list[Mutation]:
        """One mutation every 1/rate s; each in its own task, so a slow one does not delay the next."""
        count = max(1, round(rate * duration))
        start = time.monotonic()
        tasks = []
        for number in range(count):
            await asyncio.sleep(max(0.0, start + number / rate - time.monotonic()))
            tasks.append(asyncio.create_task(self.note(number)))
        return list(await asyncio.gather(*tasks))


# ---------------------------------------------------------------------------------------
# Subscriber processes


class Clients:
    """N subscribers spread over a few processes, so the client side is not the bottleneck."""

    def __init__(self, url: str, api_key: str, document: str, total: int, per_process: int, deflate: bool) -> None:
        context = multiprocessing.get_context("spawn")
        processes = max(1, math.ceil(total / per_process))
        shares = [total // processes + (1 if i < total % processes else 0) for i in range(processes)]
        self.total = total
        self.workers: list[tuple[Any, Any]] = []
        for share in shares:
            parent, child = context.Pipe()
            job = fanout_clients.Job(url, api_key, document, share, deflate)
            process = context.Process(target=fanout_clients.run, args=(job, child), daemon=True)
            process.start()
            self.workers.append((process, parent))

    @property
    def pids(self) -> list[int]:
        return [p.pid for p, _ in self.workers]

    async def ask(self, command: str, argument: Any = None) -> list[Any]:
        def roundtrip() -> list[Any]:
            for _, pipe in self.workers:
                pipe.send((command, argument))
            return [pipe.recv() for _, pipe in self.workers]

        return await asyncio.to_thread(roundtrip)

    async def status(self) -> dict[str, Any]:
        replies = await self.ask("status")
        return {
            "subscribed": sum(r["subscribed"] for r in replies),
            "failed": sum(r["failed"] for r in replies),
            "ended": sum(r["ended"] for r in replies),
            "partial": sum(r["partial"] for r in replies),
            "errors": [e for r in replies for e in r["errors"]],
        }

    async def received(self, cursors: list[int]) -> int:
        return sum(await self.ask("count", cursors))

    async def arrivals(self) -> dict[int, list[float]]:
        merged: dict[int, list[float]] = defaultdict(list)
        for reply in await self.ask("arrivals"):
            for cursor, times in reply["arrivals"].items():
                merged[cursor].extend(times)
        return merged

    async def wait_subscribed(self, within: float) -> dict[str, Any]:
        deadline = time.monotonic() + within
        while True:
            status = await self.status()
            if status["subscribed"] + status["failed"] >= self.total or time.monotonic() > deadline:
                return status
            await asyncio.sleep(0.5)

    def stop(self) -> None:
        for _, pipe in self.workers:
            with contextlib.suppress(OSError, BrokenPipeError):
                pipe.send(("stop", None))
        for process, _ in self.workers:
            process.join(15)
            if process.is_alive():
                process.kill()
                process.join(5)
