"""Reading the query string and form fields: W3C dates, numbers, lists, each refused with a 400."""

import math
import re
from collections.abc import Mapping
from datetime import datetime

from cozum.kit.time import ISTANBUL
from cozum.open311.errors import bad_request

# W3C date and time (https://www.w3.org/TR/NOTE-datetime): a day, or a day and a time, the
# time with its zone. A time without one is read as Istanbul's, as the municipality does.
_W3C = re.compile(
    r"\d{4}-\d{2}-\d{2}"
    r"(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?"
)
# An offset sent unencoded in a URL (`…T08:15:00+03:00`) arrives with its `+` read as a space.
_SPACED_OFFSET = re.compile(r" (\d{2}:\d{2})$")
MAX_TEXT = 10_000


def text(values: Mapping[str, str], name: str) -> str | None:
    """The field, stripped, or None when absent or empty; text PostgreSQL cannot store is refused."""
    value = values.get(name)
    if value is None or not value.strip():
        return None
    if len(value) > MAX_TEXT or "\x00" in value:
        raise bad_request(f"{name} is too long or holds a NUL character.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad_request(f"{name} is not valid UTF-8 text.") from None
    return value.strip()


def w3c_datetime(values: Mapping[str, str], name: str) -> datetime | None:
    raw = text(values, name)
    if raw is None:
        return None
    raw = _SPACED_OFFSET.sub(r"+\1", raw)
    if not _W3C.fullmatch(raw):
        raise bad_request(f"{name} must be a W3C date and time, e.g. 2026-12-03T08:15:00+03:00.")
    try:
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise bad_request(f"{name} is not a date that exists: {raw}.") from None
    if not 1900 <= parsed.year <= 2999:  # and so no window around it runs off the calendar
        raise bad_request(f"{name} must lie between the years 1900 and 2999.")
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=ISTANBUL)


def integer(values: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    raw = text(values, name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d{1,9}", raw) or not low <= int(raw) <= high:
        raise bad_request(f"{name} must be a whole number from {low} to {high}.")
    return int(raw)


def number(values: Mapping[str, str], name: str) -> float | None:
    raw = text(values, name)
    if raw is None:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise bad_request(f"{name} must be a decimal number of degrees.") from None
    if not math.isfinite(value):
        raise bad_request(f"{name} must be a decimal number of degrees.")
    return value


def comma_list(values: Mapping[str, str], name: str, limit: int) -> list[str] | None:
    raw = text(values, name)
    if raw is None:
        return None
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if len(items) > limit:
        raise bad_request(f"{name} may list at most {limit} values.")
    return items or None


def flag(values: Mapping[str, str], name: str) -> bool:
    raw = (text(values, name) or "false").lower()
    if raw not in ("true", "false", "1", "0"):
        raise bad_request(f"{name} must be true or false.")
    return raw in ("true", "1")
