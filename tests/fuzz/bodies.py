"""Request bodies as they arrive: bytes, JSON of any shape, GraphQL-shaped JSON with wrong
types, query strings, multipart forms and WhatsApp Cloud API notifications."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from tests.fuzz import strategies as hostile
from tests.fuzz.operations import surfaces
from tests.fuzz.oracle import ascii_json

# Webhook notifications in the shape the WhatsApp Cloud API documents (made-up ids and numbers).
WHATSAPP_FIXTURES = Path(__file__).with_name("whatsapp")
WHATSAPP_APP_SECRET = "fuzz-whatsapp-app-secret"  # the fuzzed apps', so a notification can be signed


@dataclass(frozen=True)
class Request:
    method: str
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Request({self.method}, {self.headers}, {self.params!r:.200}, {self.content[:300]!r})"


CONTENT_TYPES = [
    "application/json", "application/json; charset=utf-8", "application/json; charset=utf-16",
    "application/graphql-response+json", "application/graphql", "text/plain", "application/x-www-form-urlencoded",
    "", "multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed; boundary=x", "application/xml",
    "*/*", "application/json; charset=klingon", "APPLICATION/JSON",
]

_DOCUMENTS = [s.document for s in surfaces().values()] + [
    "{ __typename }", "mutation { logout { ok } }", "subscription { liveStats { received } }",
    "query A { __typename } query B { __typename }", "{ __schema { queryType { name } } }",
    "fragment F on Query { ...F } { ...F }", "{ departments { edges { node { nope } } } }", "{", "}", "query",
    '{ trackRequest(reference: "\\ud800", secret: "x") { reference } }', '{ node(id: 1) { id } }',
]
documents = st.one_of(st.sampled_from(_DOCUMENTS), hostile.texts)


def _json(value: Any) -> bytes:
    return ascii_json(value)


# JSON the standard allows and parsers disagree on, or that only Python's parser takes.
_ODD_JSON = [
    b"null", b"1", b'"x"', b"true", b"[]", b"{}", b"[{}]", b"NaN", b"-Infinity", b"1" * 5_000, b"[" * 100_000,
    b'{"query": "{ __typename }", "variables": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b'{"query": "{ __typename }", "query": 5}', b'\xef\xbb\xbf{"query": "{ __typename }"}',
    '{"query": "{ __typename }"}'.encode("utf-16"), b'{"query": "\xff\xfe"}', b'{"query": "{ __typename }"',
    b'{"query": "{ __typename }", "variables": {"a": 1e999999}}', b'{"query": "{ __typename }"}\x00',
    b'{"query": "{ __typename }"} {"query": "{ __typename }"}', b" " * 10_000,
]
raw_json = st.one_of(st.sampled_from(_ODD_JSON), hostile.json_values.map(_json))

graphql_shaped = st.fixed_dictionaries({}, optional={
    "query": st.one_of(documents, hostile.json_values),
    "variables": st.one_of(hostile.json_values, st.dictionaries(hostile.texts, hostile.json_values, max_size=4)),
    "operationName": st.one_of(hostile.json_values, st.sampled_from(["A", "B", "Fuzz"])),
    "extensions": st.one_of(hostile.json_values, st.just({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}})),
})


def post(content: bytes, content_type: str | None = "application/json", **headers: str) -> Request:
    if content_type is not None:
        headers = {"content-type": content_type, **headers}
    return Request("POST", content, headers)


raw_bytes = st.builds(post, st.binary(max_size=300), st.sampled_from(CONTENT_TYPES))
json_bodies = st.builds(post, raw_json, st.sampled_from(["application/json", "text/plain", ""]))
shaped_bodies = st.builds(
    post, st.one_of(graphql_shaped, st.lists(graphql_shaped, max_size=3)).map(_json),
    st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", ""]),
)


# Percent-encoded characters per parameter: four of them stay under the 65,536 that httpx (like
# most clients and servers) allows a URL's query, refused before any app would see it.
_ENCODED_PER_PARAMETER = 12_000


def _query_string(params: dict[str, str]) -> dict[str, str]:
    # A URL carries no lone surrogate (it is bytes, percent-encoded) and, in practice, no more
    # than some kilobytes: servers and clients refuse longer ones before the app sees them.
    return {k: _fitting(v.encode("utf-8", "surrogatepass").decode("utf-8", "replace")[:4_000]) for k, v in params.items()}


def _fitting(value: str) -> str:
    """The longest start of `value` whose percent-encoding fits the budget ("ç" takes six)."""
    used = 0
    for end, character in enumerate(value):
        used += len(quote(character, safe=""))
        if used > _ENCODED_PER_PARAMETER:
            return value[:end]
    return value


def _get(params: dict[str, str], accept: str | None) -> Request:
    return Request("GET", params=params, headers={"accept": accept} if accept else {})


get_requests = st.builds(
    _get,
    st.fixed_dictionaries({}, optional={
        "query": documents, "variables": st.one_of(hostile.json_values.map(json.dumps), hostile.texts),
        "operationName": hostile.texts, "extensions": hostile.texts,
    }).map(_query_string),
    st.sampled_from([None, "application/json", "application/graphql-response+json", "*/*", "text/event-stream"]),
)


def multipart_body(parts: list[tuple[str, str | None, bytes]], boundary: str) -> bytes:
    chunks = []
    for name, filename, content in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(chunks) + f"--{boundary}--\r\n".encode()


_UPLOAD = {"query": "mutation($f: Upload!) { submitRequest(input: {categoryId: \"x\", description: $f}) { reference } }",
           "variables": {"f": None}}
_part_names = st.one_of(st.sampled_from(["operations", "map", "0", "1", "file"]), st.text("abc\"\r\n", max_size=5))
_part_contents = st.one_of(
    st.just(_json(_UPLOAD)), st.just(_json({"0": ["variables.f"]})), graphql_shaped.map(_json), raw_json,
    st.binary(max_size=200), st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
)
_parts = st.lists(st.tuples(_part_names, st.one_of(st.none(), st.sampled_from(["a.png", "", "../x", "ç.pdf"])),
                            _part_contents), max_size=5)


def _multipart(parts: list[tuple[str, str | None, bytes]], boundary: str, many: bool) -> Request:
    if many:  # more fields than any form needs
        parts = parts + [("f", None, b"x")] * 2_000
    content_type = f"multipart/form-data; boundary={boundary}"
    return post(multipart_body(parts, boundary), content_type)


multipart_requests = st.builds(_multipart, _parts, st.sampled_from(["b0undary", "x" * 70, "----fuzz"]), st.booleans())


def _mutated(value: Any) -> st.SearchStrategy[Any]:
    """`value` with any of its parts replaced, dropped or of another type."""
    if isinstance(value, dict):
        kept = st.fixed_dictionaries({k: _mutated(v) for k, v in value.items()})
        return st.one_of(kept, kept.flatmap(lambda d: st.sets(st.sampled_from(sorted(d)) if d else st.nothing())
                                            .map(lambda drop: {k: v for k, v in d.items() if k not in drop})),
                         hostile.json_values)
    if isinstance(value, list):
        return st.one_of(st.tuples(*[_mutated(v) for v in value]).map(list), hostile.json_values)
    return st.one_of(st.just(value), hostile.json_values)


def _flood(payload: Any) -> Any:
    """The same notification carrying a thousand messages (Meta batches up to a few)."""
    flooded = json.loads(json.dumps(payload))
    value = flooded["entry"][0]["changes"][0]["value"]
    for key in ("messages", "statuses"):
        if key in value:
            value[key] = value[key] * 1_000
    return flooded


def _whatsapp_payloads() -> list[Any]:
    return [json.loads(p.read_text()) for p in sorted(WHATSAPP_FIXTURES.glob("*.json"))]


def _notification(payload: Any, signature: str | None) -> Request:
    headers = {"x-hub-signature-256": signature} if signature is not None else {}
    return post(_json(payload), "application/json", **headers)


whatsapp_requests = st.builds(
    _notification,
    st.one_of(*[_mutated(p) for p in _whatsapp_payloads()], st.sampled_from(_whatsapp_payloads()).map(_flood)),
    st.one_of(st.none(), st.just("sha256=" + "0" * 64), st.text("sha256=0123456789abcdef", max_size=80)),
)
