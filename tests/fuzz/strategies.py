"""Hostile values: what a client may send in place of each kind of input."""

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

# Strings that have broken parsers, databases and templates somewhere.
NASTY_STRINGS = [
    "", " ", "\t\n\r", "\x00", "a\x00b", "\ud800", "\udfff", "x\ud83d", "\ud83d\ude00", "\ufeff", "\u202e",
    "İstanbul", "ıIiİ", "ǅ", "ß", "ﬀ", "\u0301", "🙂" * 50, "null", "undefined", "NaN", "1e309", "-0",
    "' OR 1=1 --", "'; DROP TABLE tickets; --", "%s%s%n", "{0}", "{{7*7}}", "${7*7}", "<script>", "\\", '"',
    "\\u0000", "../../etc/passwd", "CZM-2026-000001", "TST-2026-000001", "tst-2026-000001 ",
    "a" * 201, "b" * 5001, "c" * 70_000, "ç" * 1_000,
]

# Any code point, lone surrogates included (hypothesis leaves them out unless asked).
_ANY_CHARACTER = st.characters(exclude_categories=())
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF, exclude_categories=())

# Just under, at and just over the limits columns and inputs have (40, 64, 100, 120, 200, 254,
# 255, 500, 1024, 5000 characters).
_LIMITS = [40, 64, 100, 120, 200, 254, 255, 500, 1024, 5000]
boundary_lengths = st.builds(
    lambda n, c: c * n, st.sampled_from(sorted({n + d for n in _LIMITS for d in (-1, 0, 1)})), st.sampled_from("xçİ"),
)

texts = st.one_of(
    st.text(max_size=40),
    boundary_lengths,
    st.text(_ANY_CHARACTER, max_size=40),
    st.sampled_from(NASTY_STRINGS),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=10), SURROGATES, st.text(max_size=10)),
)

INT32 = 2**31
ints = st.one_of(
    st.integers(-5, 120),
    st.integers(-INT32, INT32 - 1),
    st.sampled_from([-(2**63), 2**63, INT32, -INT32 - 1, 10**30, -(10**30)]),
)
floats = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.floats(-200, 200))

json_scalars = st.one_of(st.none(), st.booleans(), ints, floats, texts)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)

# UTC offsets up to ±23:59, the most `datetime` takes: at the edges of the calendar they
# carry a moment past year 9999 or before year 1 once in UTC.
_offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
_moments = st.one_of(
    st.datetimes(timezones=st.one_of(st.none(), st.just(UTC), _offsets)),
    st.sampled_from([datetime.min, datetime.max]).flatmap(
        lambda edge: st.sampled_from([edge, edge.replace(tzinfo=UTC)]) | _offsets.map(lambda tz: edge.replace(tzinfo=tz))
    ),
)
datetimes = st.one_of(
    _moments.map(datetime.isoformat),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["10000-01-01T00:00:00Z", "2024-02-30T00:00:00Z", "2024-01-01T24:00:00", "0000-01-01",
                     "2024-01-01T00:00:00+24:00", "1970-01-01T00:00:00Z", "now", "2024-W01-1"]),
    texts,
)


def encoded(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def global_id(type_name: str, pk: Any) -> str:
    return encoded(f"{type_name}:{pk}".encode("utf-8", "surrogatepass")).rstrip("=")


TYPE_NAMES = ["Ticket", "TicketEvent", "Department", "Category", "StaffUser", "ApiKey", "AuditEntry", "Contact",
              "User", "Query", "ticket", "", "Ticket:Ticket"]

forged_ids = st.one_of(
    st.builds(global_id, st.sampled_from(TYPE_NAMES), st.one_of(ints, texts)),
    st.binary(max_size=30).map(encoded),
    texts,
)

forged_cursors = st.one_of(
    st.builds(lambda v: encoded(json.dumps(v).encode()), json_values),
    st.builds(lambda m, pk: encoded(json.dumps([m, pk]).encode()), datetimes, ints),
    st.builds(lambda n: encoded(("[" * n).encode()), st.sampled_from([10, 1_000, 50_000])),
    st.binary(max_size=40).map(encoded),
    texts,
)

phones = st.one_of(
    st.from_regex(r"\A\+?[0-9 ()\-]{0,20}\Z"),
    st.sampled_from(["0532 000 00 00", "+90 532 111 22 33", "05321112233", "+1 202 555 0100", "153", "+" + "9" * 300]),
    texts,
)
emails = st.one_of(
    st.emails().map(str),
    st.sampled_from(["a@b", "@example.org", "a@@b.co", "İ@örnek.com.tr", "a" * 64 + "@" + "b" * 200 + ".co",
                     "a@" + "." * 250 + " x"]),
    texts,
)
descriptions = st.one_of(
    st.sampled_from(["Sokağımızda büyük bir çukur var.", "Konteyner taşıyor.", "Gece boyu gürültü var."]),
    texts,
)


def repeated(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    """Lists longer than any client needs: one value many times (cheap to generate)."""
    return st.builds(lambda value, count: [value] * count, inner, st.sampled_from([51, 101, 1_000, 33_000]))
