"""Local servers speaking the providers' protocols: SMTP (aiosmtpd), an SMS gateway and the
WhatsApp Cloud API's /messages, each in a thread of its own, recording what reached it."""

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

from aiosmtpd.controller import Controller

from tests.fixtures.live import free_port

WAIT = 30.0  # an upper bound for what a test awaits, reached only on a very busy machine


class _Waitable:
    def __init__(self) -> None:
        self.lock = threading.Condition()

    def _changed(self) -> None:
        with self.lock:
            self.lock.notify_all()

    async def until(self, predicate: Callable[[], bool], within: float = WAIT) -> None:
        """Until `predicate` holds (checked whenever something arrives); TimeoutError otherwise."""
        def wait() -> bool:
            with self.lock:
                return self.lock.wait_for(predicate, within)
        if not await asyncio.to_thread(wait):
            raise TimeoutError("the receiver did not get what the test waited for")


class MailInbox(_Waitable):
    """A real SMTP server: every message it accepts, parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append(parsed)  # type: ignore[arg-type]
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.lock.notify_all()
        return "250 Message accepted for delivery"

    async def wait_for(self, count: int) -> list[EmailMessage]:
        await self.until(lambda: len(self.messages) >= count)
        return self.messages[:count]


Inbox = TypeVar("Inbox", bound=MailInbox)


def serving(mail: Inbox) -> Iterator[Inbox]:
    """`mail` listening for the fixture's duration."""
    mail.controller.start()
    yield mail
    mail.controller.stop()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Behaviour:
    fail_first: int = 0  # answer the first N requests with `fail_status`
    fail_status: int = 503
    fail_body: dict[str, Any] = field(default_factory=lambda: {"error": "try later"})
    always_fail: bool = False
    hold_first: bool = False  # keep the first request open until `release` (a worker killed mid-send)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # not 5: a worker opens a connection per concurrent send


class HttpReceiver(_Waitable):
    """An HTTP provider that honours Idempotency-Key: a request whose key it has already taken is
    answered as before and stored once."""

    def __init__(self, answer: Callable[[Received, int], dict[str, Any]], behaviour: Behaviour | None = None,
                 token: str | None = None) -> None:
        super().__init__()
        self.answer = answer
        self.behaviour = behaviour or Behaviour()
        self.token = token
        self.requests: list[Received] = []
        self.stored: dict[str, Received] = {}
        self.answers: dict[str, dict[str, Any]] = {}
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.server = _Server(("127.0.0.1", free_port()), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def count_by_key(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for request in self.requests:
            key = request.headers.get("idempotency-key", "")
            counts[key] = counts.get(key, 0) + 1
        return counts

    def take(self, received: Received) -> tuple[int, dict[str, Any]]:
        """What to answer: called in the server's thread, under the lock."""
        self.requests.append(received)
        number = len(self.requests)
        b = self.behaviour
        if self.token is not None and received.headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"error": {"message": "Invalid OAuth access token.", "code": 190}}
        if b.always_fail or number <= b.fail_first:
            return b.fail_status, b.fail_body
        key = received.headers.get("idempotency-key", f"no-key-{number}")
        if key not in self.stored:
            self.stored[key] = received
            self.answers[key] = self.answer(received, len(self.stored))
        return 200, self.answers[key]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as providers do
            disable_nagle_algorithm = True  # headers and body leave in two writes

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw or b"{}"))
                with receiver.lock:
                    first = not receiver.requests
                    status, answer = receiver.take(received)
                    receiver.lock.notify_all()
                if first and receiver.behaviour.hold_first:
                    receiver.arrived.set()
                    receiver.release.wait(60)
                body = json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client is gone (killed while we held its request)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler


def sms_answer(received: Received, number: int) -> dict[str, Any]:
    return {"id": f"sms-{number}", "status": "queued"}


def whatsapp_answer(received: Received, number: int) -> dict[str, Any]:
    to = received.body.get("to")
    return {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
            "messages": [{"id": f"wamid.TEST{number:04d}"}]}
