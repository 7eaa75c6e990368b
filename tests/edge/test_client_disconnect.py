"""A client that leaves before its body has arrived is no fault of ours: nothing is logged."""

import asyncio
import logging

import pytest


@pytest.mark.parametrize("declared", [1_000, 1_000_000])  # read at once, and after waiting a turn
async def test_a_client_leaving_mid_body_logs_no_error(
    server: tuple[str, int], caplog: pytest.LogCaptureFixture, declared: int
) -> None:
    # Each such client wrote an error and its traceback to the log: anyone could fill it.
    _, writer = await asyncio.open_connection(*server)
    writer.write(b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: %d\r\n\r\n{\"query\": " % declared)
    await writer.drain()
    await asyncio.sleep(0.2)  # the request has reached the app and waits for the rest
    writer.close()
    await asyncio.sleep(0.5)  # and it has seen the client go
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
