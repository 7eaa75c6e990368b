"""Receivers that misbehave: one that never answers, ones whose answer never ends, one whose
small gzip answer inflates to 100 MB, one answering NUL bytes, and one that redirects."""

import threading
import zlib
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fixtures.live import free_port

INFLATED = 100 * 1024 * 1024


@cache
def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    block = bytes(1024 * 1024)
    return b"".join(packer.compress(block) for _ in range(INFLATED // len(block))) + packer.flush()


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class HostileReceiver:
    def __init__(self, redirect_to: str = "") -> None:
        gzip_bomb()  # made now, not while a dispatcher's timeout runs
        self.released = threading.Event()
        self.redirect_to = redirect_to
        self.server = _Server(("127.0.0.1", free_port()), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", "0")))
                if self.path == "/silent":
                    hostile.released.wait()
                elif self.path in ("/endless-ok", "/endless-refusal"):
                    self._endless(200 if self.path == "/endless-ok" else 500)
                elif self.path == "/gzip-refusal":
                    self._answer(500, gzip_bomb(), ("Content-Encoding", "gzip"))
                elif self.path == "/nul-refusal":
                    self._answer(503, b"busy\x00\x00 try later")
                elif self.path == "/redirect":
                    self._answer(307, b"", ("Location", hostile.redirect_to))

            def _answer(self, status: int, body: bytes, *headers: tuple[str, str]) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _endless(self, status: int) -> None:
                self.send_response(status)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"x" * 64 * 1024)
                try:
                    while not hostile.released.is_set():
                        self.wfile.write(chunk)
                except OSError:  # the dispatcher hung up, as it should
                    pass

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        return Handler
