"""The outbox benchmark's receivers, in a process of their own: an SMTP server (aiosmtpd) and an
SMS gateway (Starlette under uvicorn) on one event loop. Each records when every idempotency key
arrived (time.time(), which the benchmark process shares); GET /records returns them.

    python bench/outbox_receivers.py SMTP_PORT HTTP_PORT
"""

import asyncio
import sys
import time
from typing import Any

import uvicorn
from aiosmtpd.smtp import SMTP
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

arrivals: dict[str, list[float]] = {}  # idempotency key -> arrival times (a resend adds one)


class Handler:
    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content: bytes = envelope.content
        head = content.split(b"\r\n\r\n", 1)[0]
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"x-cozum-idempotency-key:"):
                arrivals.setdefault(line.split(b":", 1)[1].strip().decode(), []).append(time.time())
        return "250 OK"


async def sms(request: Request) -> JSONResponse:
    at = time.time()
    key = request.headers.get("idempotency-key", "")
    await request.body()
    arrivals.setdefault(key, []).append(at)
    return JSONResponse({"id": f"sms-{len(arrivals)}"})


async def records(_: Request) -> JSONResponse:
    return JSONResponse(arrivals)


async def count(_: Request) -> JSONResponse:
    return JSONResponse(len(arrivals))


async def reset(_: Request) -> JSONResponse:
    arrivals.clear()
    return JSONResponse({})


async def main(smtp_port: int, http_port: int) -> None:
    loop = asyncio.get_running_loop()
    handler = Handler()
    await loop.create_server(lambda: SMTP(handler), "127.0.0.1", smtp_port)
    app = Starlette(routes=[Route("/sms", sms, methods=["POST"]), Route("/records", records), Route("/count", count),
                            Route("/reset", reset, methods=["POST"])])
    config = uvicorn.Config(app, host="127.0.0.1", port=http_port, log_level="warning", loop="uvloop",
                            http="httptools", lifespan="off", backlog=1024)
    await uvicorn.Server(config).serve()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
