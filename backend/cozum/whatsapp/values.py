"""Reading Meta's loosely typed values: each reader gives the value cleaned, or None for one of
the wrong type or shape, never an error."""

import re
from datetime import UTC, datetime
from typing import Any

_ID_MAX = 200
# What no column or reader should get: lone surrogates (valid JSON escapes, yet not encodable as
# UTF-8, so PostgreSQL refuses the whole statement), control characters and the bidirectional
# overrides that make a name read backwards in the console. Tabs and line breaks stay in text.
_UNWANTED = re.compile(r"[\ud800-\udfff\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"\s*[\t\n]\s*")


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text_of(value: Any, limit: int, *, one_line: bool = False) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = _UNWANTED.sub("", value.replace("\r\n", "\n"))
    if one_line:
        cleaned = _LINE_BREAKS.sub(" ", cleaned)
    return cleaned.strip()[:limit].strip() or None


def id_of(value: Any) -> str | None:
    text = text_of(value, _ID_MAX + 1, one_line=True)
    return text if text is not None and len(text) <= _ID_MAX else None


def timestamp_of(value: Any, arrived: datetime | None = None) -> datetime | None:
    """Unix seconds, as a string (Meta's) or a number; never later than `arrived` when given."""
    try:
        seconds = int(value) if isinstance(value, str | int) and not isinstance(value, bool) else None
    except ValueError:
        return None
    if seconds is None or not 0 < seconds < 32503680000:  # before the year 3000
        return None
    at = datetime.fromtimestamp(seconds, UTC)
    return min(at, arrived) if arrived is not None else at


def coordinate_of(value: Any, bound: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if -bound <= number <= bound else None
