"""The raw reference: a bare ASGI handler, an asyncpg pool and one SQL statement per request.

    python bench/readpath/raw_app.py --port P --database-url URL [--pool 10]

POST /<scenario> with the scenario's variables as a JSON object; the answer is
`{"data": …}` with the JSON PostgreSQL built. No GraphQL, no session, no permission check:
what Python can do on this data when it does nothing but the SQL.
"""

import argparse
import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import orjson
import raw_sql
import uvicorn

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
Query = Callable[[asyncpg.Connection, dict[str, Any]], Awaitable[str | None]]


async def _queue(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    answer: str | None = await conn.fetchval(raw_sql.QUEUE)
    return answer


async def _queue_filtered(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    answer: str | None = await conn.fetchval(raw_sql.QUEUE_FILTERED, int(v["department"]), v["status"])
    return answer


async def _detail(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    answer: str | None = await conn.fetchval(raw_sql.DETAIL, int(v["ticket"]))
    return answer


async def _track(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    answer: str | None = await conn.fetchval(raw_sql.TRACK, v["reference"], v["secret"])
    return answer


async def _submit(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    answer: str | None = await conn.fetchval(raw_sql.SUBMIT, v["title"], v["description"], secrets.token_hex(16),
                               secrets.token_hex(16), v["prefix"], int(v["category"]))
    return answer


async def _typename(conn: asyncpg.Connection, v: dict[str, Any]) -> str | None:
    return '{"__typename":"Query"}'


ROUTES: dict[str, Query] = {"/queue": _queue, "/queue-filtered": _queue_filtered, "/detail": _detail,
                            "/track": _track, "/submit": _submit, "/typename": _typename}


class RawApp:
    def __init__(self, url: str, pool_size: int) -> None:
        self.url, self.pool_size = url, pool_size
        self.pool: asyncpg.Pool | None = None

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = ROUTES.get(scope["path"])
        if query is None:
            await _respond(send, 404, b'{"errors":[{"message":"no such scenario"}]}')
            return
        assert self.pool is not None
        async with self.pool.acquire() as conn:
            data = await query(conn, orjson.loads(body or b"{}"))
        await _respond(send, 200, b'{"data":' + (data or "null").encode() + b"}")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.pool = await asyncpg.create_pool(
                    self.url, min_size=self.pool_size, max_size=self.pool_size,
                    server_settings={"TimeZone": "UTC"})
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self.pool is not None:
                    await self.pool.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _respond(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--pool", type=int, default=10)
    args = parser.parse_args()
    url = args.database_url.replace("postgresql+asyncpg://", "postgresql://")
    config = uvicorn.Config(RawApp(url, args.pool), host="127.0.0.1", port=args.port, loop="uvloop",
                            http="httptools", log_level="warning", access_log=False)
    asyncio.run(uvicorn.Server(config).serve())


if __name__ == "__main__":
    main()
