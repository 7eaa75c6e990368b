"""A local server speaking the Graph API's parts the line uses: media metadata by id, the media
bytes behind its URL (both with the Bearer token), and /{phone-number-id}/messages."""

import base64
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fixtures.live import free_port
from tests.notifications.receivers import Received, _Waitable

TOKEN = "test-whatsapp-token"
PHONE_NUMBER_ID = "106540352242922"
VERSION = "v21.0"


@dataclass
class Served:
    data: bytes
    mime_type: str
    claimed_sha256: str | None = None  # what the metadata says, when it is not the truth

    @property
    def sha256(self) -> str:
        return base64.b64encode(hashlib.sha256(self.data).digest()).decode()


@dataclass
class Faults:
    failing: int = 0  # answer this many of the next media requests with 500
    download_delay: float = 0.0  # seconds before a file's bytes are answered: a slow Meta
    media_base: str | None = None  # where the metadata says the files are (another host)
    redirect_to: str | None = None  # the files answered with a redirect there


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


@dataclass
class GraphServer(_Waitable):
    media: dict[str, Served] = field(default_factory=dict)
    faults: Faults = field(default_factory=Faults)
    sent: list[Received] = field(default_factory=list)
    media_requests: list[str] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)  # each GET's, as it came

    def __post_init__(self) -> None:
        super().__init__()
        self.server = _Server(("127.0.0.1", free_port()), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def graph_url(self) -> str:
        return f"{self.base_url}/{VERSION}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _media_answer(self, path: str) -> tuple[int, str, bytes]:
        with self.lock:
            self.media_requests.append(path)
            if self.faults.failing > 0:
                self.faults.failing -= 1
                return 500, "application/json", b'{"error": {"message": "try later", "code": 2}}'
        parts = path.strip("/").split("/")
        if parts[:1] == ["files"] and len(parts) == 2 and parts[1] in self.media:
            served = self.media[parts[1]]
            time.sleep(self.faults.download_delay)
            return 200, served.mime_type, served.data
        if len(parts) == 2 and parts[0] == VERSION and parts[1] in self.media:
            served = self.media[parts[1]]
            meta = {"url": f"{self.faults.media_base or self.base_url}/files/{parts[1]}", "mime_type": served.mime_type,
                    "sha256": served.claimed_sha256 or served.sha256, "file_size": len(served.data),
                    "id": parts[1], "messaging_product": "whatsapp"}
            return 200, "application/json", json.dumps(meta).encode()
        return 404, "application/json", b'{"error": {"message": "Unsupported get request", "code": 100}}'

    def _message_answer(self, received: Received) -> dict[str, Any]:
        with self.lock:
            self.sent.append(received)
            number = len(self.sent)
            self.lock.notify_all()
        to = received.body.get("to")
        return {"messaging_product": "whatsapp", "contacts": [{"input": to, "wa_id": to}],
                "messages": [{"id": f"wamid.SENT{number:04d}"}]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        graph = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _authorised(self) -> bool:
                if self.headers.get("authorization") == f"Bearer {TOKEN}":
                    return True
                self._answer(401, "application/json", b'{"error": {"message": "Invalid OAuth access token.", "code": 190}}')
                return False

            def _answer(self, status: int, content_type: str, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    # Çözüm stops reading a download past its size limit, as it should.
                    self.close_connection = True

            def do_GET(self) -> None:
                with graph.lock:
                    graph.authorizations.append(self.headers.get("authorization"))
                if graph.faults.redirect_to and self.path.startswith("/files/"):
                    self.send_response(302)
                    self.send_header("Location", graph.faults.redirect_to + self.path)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif self._authorised():
                    self._answer(*graph._media_answer(self.path))

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("content-length", "0")))
                if not self._authorised():
                    return
                received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, json.loads(raw))
                self._answer(200, "application/json", json.dumps(graph._message_answer(received)).encode())

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler
