"""An integrator's webhook receiver: a real HTTP server in a thread that checks every delivery's
signature the way docs/webhooks.md tells integrators to (written from the document, not from
our signer), answers 500 to the first N deliveries when told to, and holds its answers while
`answering` is cleared."""

import asyncio
import hashlib
import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fixtures.live import free_port

WAIT = 30.0  # an upper bound for what a test awaits, reached only on a very busy machine


def verifies(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """docs/webhooks.md: HMAC-SHA256 of "<Cozum-Timestamp>.<raw body>" with the secret, in hex;
    Cozum-Signature holds one or more `v1=<hex>`, comma-separated; any one matching is enough."""
    expected = hmac.new(secret.encode(), headers["cozum-timestamp"].encode() + b"." + body, hashlib.sha256).hexdigest()
    given = [part.strip()[3:] for part in headers["cozum-signature"].split(",") if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, signature) for signature in given)


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    raw: bytes
    status: int  # what the receiver answered

    @property
    def body(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.raw)
        return parsed

    @property
    def signatures(self) -> list[str]:
        return self.headers["cozum-signature"].split(",")


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class WebhookReceiver:
    def __init__(self) -> None:
        self.lock = threading.Condition()
        self.deliveries: list[Delivery] = []
        self.fail_first = 0
        self.answering = threading.Event()  # cleared: a delivery is received but not answered yet
        self.answering.set()
        self.server = _Server(("127.0.0.1", free_port()), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def at(self, path: str) -> list[Delivery]:
        with self.lock:
            return [d for d in self.deliveries if d.path == path]

    async def until(self, predicate: Callable[[], bool], within: float = WAIT) -> None:
        def wait() -> bool:
            with self.lock:
                return self.lock.wait_for(predicate, within)
        if not await asyncio.to_thread(wait):
            raise TimeoutError("the receiver did not get what the test waited for")

    async def received(self, path: str, count: int) -> list[Delivery]:
        await self.until(lambda: len([d for d in self.deliveries if d.path == path]) >= count)
        return self.at(path)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                with receiver.lock:
                    status = 500 if len(receiver.deliveries) < receiver.fail_first else 200
                    receiver.deliveries.append(Delivery(self.path, headers, raw, status))
                    receiver.lock.notify_all()
                receiver.answering.wait(WAIT)
                answer = b'{"error": "busy"}' if status == 500 else b'{"ok": true}'
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler
