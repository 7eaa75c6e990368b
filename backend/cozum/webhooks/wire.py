"""What goes on the wire: a delivery's headers (docs/webhooks.md), and what of an answer is read."""

from datetime import datetime

import httpx

from cozum.webhooks.claim import Claimed
from cozum.webhooks.outcomes import ERROR_MAX
from cozum.webhooks.signing import signature_header

USER_AGENT = "Cozum-Webhooks/1"


def headers_for(item: Claimed, host: str, now: datetime) -> dict[str, str]:
    timestamp = int(now.timestamp())
    signatures = signature_header(
        item.secret, item.previous_secret, item.previous_secret_until, timestamp, item.body, now
    )
    return {
        "Host": host,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        # A compressed answer could inflate a thousandfold in memory; only its start is ever read.
        "Accept-Encoding": "identity",
        "Cozum-Delivery": item.delivery_id,
        "Cozum-Event": item.event,
        "Cozum-Timestamp": str(timestamp),
        "Cozum-Signature": signatures,
    }


async def start_of(response: httpx.Response) -> str:
    """The beginning of a refusal's body, for the log; the rest is never read. Raw bytes, never
    decompressed: a small gzip answer can stand for gigabytes."""
    if response.headers.get("content-encoding", "identity").lower() != "identity":
        return "(a compressed answer, not shown)"
    read = b""
    async for chunk in response.aiter_raw():
        read += chunk
        if len(read) >= ERROR_MAX:
            break
    # PostgreSQL's text holds no NUL: one in the answer would make the try impossible to record.
    return read[:ERROR_MAX].decode("utf-8", errors="replace").replace("\x00", "\ufffd").strip()
