"""Random paths, query strings and form bodies to every method: an answer in the spec's shapes
(a 2xx body or an error list) or a 4xx, never a 500, and no database connection left held."""

from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attachments.media import jpeg
from tests.fuzz.strategies import NASTY_STRINGS
from tests.open311 import spec
from tests.open311.conftest import BASE, LAT, LONG, Keys, form

# The nastiest strings are long: hypothesis warns that printing a failing example would be costly.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
_FUZZ = settings(
    max_examples=120, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What a URL can carry at all: no lone surrogates, nothing past httpx's length limit.
_SENDABLE = [s for s in NASTY_STRINGS if len(s) < 6000 and not any(0xD800 <= ord(c) <= 0xDFFF for c in s)]
texts = st.one_of(st.text(max_size=30), st.sampled_from(_SENDABLE))
dates = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.sampled_from(["2026-12-03", "2026-12-03T08:15", "2026-12-03T08:15:00 03:00", "2026-02-30T00:00:00Z",
                     "0001-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00", "2026-12-03T08:15:00+24:00"]),
)
numbers = st.one_of(st.integers(-10, 2000).map(str), st.floats(allow_nan=True).map(str), texts)

QUERY_VALUES = {
    "service_request_id": st.one_of(texts, st.just("TST-2026-000001,TST-2026-000002")),
    "service_code": st.one_of(texts, st.just("ROAD_POTHOLE,SIDEWALK")),
    "start_date": dates, "end_date": dates, "updated_after": dates, "updated_before": dates,
    "status": st.one_of(texts, st.sampled_from(["open", "closed", "open,closed", "OPEN", ","])),
    "page": numbers, "page_size": numbers, "extensions": st.one_of(texts, st.sampled_from(["true", "false"])),
    "jurisdiction_id": texts,
}
queries = st.dictionaries(st.one_of(st.sampled_from(list(QUERY_VALUES)), texts), texts, max_size=3).flatmap(
    lambda extra: st.fixed_dictionaries({}, optional=QUERY_VALUES).map(lambda known: {**extra, **known})
)
FORM_VALUES = {
    "service_code": st.one_of(texts, st.sampled_from(["ROAD_POTHOLE", "SIDEWALK", "STREET_LIGHT"])),
    "lat": st.one_of(numbers, st.just(LAT)), "long": st.one_of(numbers, st.just(LONG)),
    "address_string": texts, "address_id": texts, "description": texts, "first_name": texts, "last_name": texts,
    "email": texts, "phone": texts, "media_url": texts, "idempotency_key": texts, "jurisdiction_id": texts,
    "attribute[request_type]": st.one_of(texts, st.sampled_from(["REQUEST", "THANKS"])),
}
forms = st.fixed_dictionaries({}, optional=FORM_VALUES)
# One or two fields of a valid request changed: these reach the ticket's creation.
changes = st.lists(st.sampled_from(list(FORM_VALUES)), max_size=2, unique=True).flatmap(
    lambda names: st.fixed_dictionaries({name: FORM_VALUES[name] for name in names})
)
formats = st.sampled_from(["json", "xml", "html", "", "JSON"])
paths = st.one_of(
    st.sampled_from(["discovery", "services", "services/ROAD_POTHOLE", "services/NOPE", "requests",
                     "requests/TST-2026-000001", "tokens/TST-2026-000001-00000000000000000000"]),
    texts.map(lambda t: f"requests/{quote(t, safe='')}"), texts.map(lambda t: f"tokens/{quote(t, safe='')}"),
    texts.map(lambda t: quote(t, safe="/")),
)
ALLOWED = {200, 201, 400, 403, 404, 405, 409, 413, 429}


def _judge(response: httpx.Response, path: str) -> None:
    assert response.status_code in ALLOWED, f"{response.status_code}: {response.text[:300]}"
    fmt = path.rpartition(".")[2]
    fmt = fmt if fmt in ("json", "xml") and response.headers["content-type"].startswith(spec.MEDIA_TYPES[fmt]) else "json"
    if response.status_code >= 400:
        spec.errors_of(response, fmt, response.status_code)
    else:
        assert spec.parse(response, fmt) is not None


def _held(app: Any) -> int:
    held: int = app.state.engine.pool.checkedout()
    return held


@_FUZZ
@given(path=paths, fmt=formats, query=queries, method=st.sampled_from(["GET", "GET", "HEAD", "PUT", "DELETE"]))
async def test_any_query_to_any_method(
    api: httpx.AsyncClient, app: Any, path: str, fmt: str, query: dict[str, str], method: str
) -> None:
    full = f"{path}.{fmt}" if fmt else path
    response = await api.request(method, full, params=query)
    if not response.request.url.path.startswith(f"{BASE}/"):
        return  # `..` segments took the request to another part of the site
    if method != "HEAD":
        _judge(response, full)
    else:
        assert response.status_code in ALLOWED
    assert _held(app) == 0


@_FUZZ
@given(data=st.data(), fmt=st.sampled_from(["json", "xml"]), with_key=st.sampled_from([True, True, True, False]),
       media=st.one_of(st.binary(max_size=200), st.just(jpeg())), multipart=st.sampled_from([False, False, True]),
       from_valid=st.booleans())
async def test_any_form_posted_as_a_request(
    api: httpx.AsyncClient, app: Any, keys: Keys, data: st.DataObject, fmt: str, with_key: bool, media: bytes,
    multipart: bool, from_valid: bool,
) -> None:
    fields = {**form(None), **data.draw(changes)} if from_valid else data.draw(forms)
    fields |= {"api_key": keys.submit} if with_key else {}
    files = [("media[]", ("f.jpg", media, "image/jpeg"))] if multipart else None
    response = await api.post(f"requests.{fmt}", data=fields, files=files)
    _judge(response, f"requests.{fmt}")
    if not with_key:
        assert response.status_code == 403
    assert _held(app) == 0
