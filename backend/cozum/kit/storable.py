"""What PostgreSQL can take: text free of NUL and lone surrogates, dates it can compare."""

from datetime import UTC, datetime


def unstorable_character(text: str) -> str | None:
    """NUL, which PostgreSQL text cannot hold, or a lone surrogate: half of a UTF-16 pair,
    which JSON may escape as "\\ud800" and Python decodes as is, but which has no UTF-8 form,
    so no driver can send it. (A proper pair is decoded into one code point.)"""
    if "\x00" in text:
        return "\x00"
    if text.isascii():
        return None
    try:
        text.encode()  # at C speed: a request may carry megabytes of text to look through
    except UnicodeEncodeError as error:
        return text[error.start]
    return None


def unstorable_in(value: object) -> str | None:
    """The first unstorable character of any string (key or value) in decoded JSON.

    Iterative: how deep the nesting goes is up to the client.
    """
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if (found := unstorable_character(item)) is not None:
                return found
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return None


def describe(character: str) -> str:
    if character == "\x00":
        return "Strings may not contain the NUL character (\\u0000)."
    return "Strings may not contain an unpaired UTF-16 surrogate (\\ud800-\\udfff)."


def as_utc(value: datetime) -> datetime | None:
    """`value` in UTC (a time without an offset is taken as UTC), or None when it lies before
    year 1 or after year 9999 there: the driver sends every timestamptz in UTC, and
    0001-01-01T00:00+01:00 would overflow in Python, not compare in SQL."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return None
