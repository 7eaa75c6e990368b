"""What an HTTP provider's answer means for the outbox."""

import httpx

from cozum.notifications.senders.base import SendFailed

# Worth trying again: the provider is overloaded, slow, or down for a moment.
RETRYABLE_STATUSES = frozenset({408, 425, 429})
ERROR_TEXT_MAX = 500


def is_permanent(status: int) -> bool:
    return 400 <= status < 500 and status not in RETRYABLE_STATUSES


def failure(response: httpx.Response, detail: str | None = None) -> SendFailed:
    text = detail if detail is not None else response.text.strip()
    status = response.status_code
    return SendFailed(f"HTTP {status}: {text[:ERROR_TEXT_MAX]}", permanent=is_permanent(status))


def unreachable(error: httpx.HTTPError) -> SendFailed:
    return SendFailed(f"{type(error).__name__}: {error}"[:ERROR_TEXT_MAX] or type(error).__name__)


def provider_id(response: httpx.Response, *path: str | int) -> str | None:
    """A value deep in the JSON answer (`messages[0].id`), if the answer is JSON and has it."""
    try:
        value: object = response.json()
    except ValueError:
        return None
    for step in path:
        if isinstance(step, int) and isinstance(value, list) and len(value) > step:
            value = value[step]
        elif isinstance(step, str) and isinstance(value, dict):
            value = value.get(step)
        else:
            return None
    return str(value)[:200] if isinstance(value, str | int) and value != "" else None
