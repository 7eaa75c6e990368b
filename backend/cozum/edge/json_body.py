"""JSON from clients: bounded in nesting, never a Python error, large bodies decoded off the loop.

json's C decoder holds the GIL, so a thread shortens the event loop's stall only a little;
what bounds the stall is the body limit (see README, "Edge limits"). The thread still keeps
reading and answering other sockets between GIL switches while a large body is decoded.
"""

import asyncio
import json

MAX_DEPTH = 64  # our inputs nest a few levels; deeper would only feed recursive code downstream
# Every value but the first of its array or object follows a comma, and each costs the checks
# after decoding (here and in the gatekeeper) a step in Python: a million of them in 4 MB took
# 1.4 s of CPU, fifty thousand take some 60 ms. Counted in the raw text, commas in strings too:
# our texts are at most 5,000 characters and our lists 100 items, so no input comes near.
MAX_COMMAS = 50_000
THREAD_ABOVE_BYTES = 64 * 1024


class BadJson(json.JSONDecodeError):
    """What Strawberry already treats as "not JSON", with our reason in `msg`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, "", 0)


def _no_constants(name: str) -> object:
    raise BadJson(f"{name} is not a JSON value.")


def _deeper_than(value: object, limit: int) -> bool:
    pending: list[tuple[object, int]] = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        containers = [child for child in children if isinstance(child, dict | list)]
        if containers and depth >= limit:
            return True
        pending.extend((child, depth + 1) for child in containers)
    return False


def decode(data: str | bytes) -> object:
    commas = data.count(b",") if isinstance(data, bytes) else data.count(",")
    if commas > MAX_COMMAS:
        raise BadJson(f"JSON may hold at most {MAX_COMMAS} values (counted by their commas).")
    try:
        value = json.loads(data, parse_constant=_no_constants)
    except RecursionError:
        raise BadJson(f"JSON may nest at most {MAX_DEPTH} levels.") from None
    except UnicodeDecodeError:
        raise BadJson("The body is not valid UTF-8.") from None
    except BadJson:
        raise
    except ValueError:  # malformed JSON, or a number of more digits than Python converts
        raise BadJson("The body is not valid JSON.") from None
    if _deeper_than(value, MAX_DEPTH):
        raise BadJson(f"JSON may nest at most {MAX_DEPTH} levels.")
    return value


async def decode_body(body: bytes) -> object:
    if len(body) <= THREAD_ABOVE_BYTES:
        return decode(body)
    return await asyncio.to_thread(decode, body)
