"""The benchmark's server processes: start one on a free port, wait for it, stop it."""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import procstat
from fanout_postgres import ROOT

VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"


def spawn(command: list[str], env: dict[str, str], port: int, log: Path) -> Server:
    with log.open("wb") as out:
        # A session of its own: the server and anything it spawns can be ended together.
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=ROOT, start_new_session=True)
    return Server(process, port, log)


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-2000:]


async def start_server(command: list[str], env: dict[str, str], port: int, log: Path) -> Server:
    """Runs `command` (which must serve on `port`) and waits for /healthz."""
    server = spawn(command, env, port, log)
    async with httpx.AsyncClient() as client:
        for _ in range(300):
            if server.process.poll() is not None:
                raise RuntimeError(f"server exited at start; see {log}:\n{tail(log)}")
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(f"{server.http}/healthz", timeout=1)).status_code == 200:
                    return server
            await asyncio.sleep(0.1)
    stop_server(server)
    raise RuntimeError(f"server did not become healthy; see {log}")


def stop_server(server: Server) -> None:
    if server.process.poll() is not None:
        return
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.process.wait(5)


def cozum_command() -> list[str]:
    return [str(VENV_BIN / "cozum"), "serve", "--port", "{port}"]


async def wait_until_idle(pid: int, within: float = 60.0) -> None:
    """Until the process has used under 2% of a core for a whole second (work queued has run)."""
    deadline = time.monotonic() + within
    before = procstat.cpu_seconds(pid)
    while time.monotonic() < deadline:
        await asyncio.sleep(1.0)
        now = procstat.cpu_seconds(pid)
        if now - before < 0.02:
            return
        before = now
