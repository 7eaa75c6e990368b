"""Requests as they arrive on the wire, well formed or not at all: to /graphql, and WhatsApp
notifications to /webhooks/whatsapp, signed with the app's secret or not.
"""

import httpx
from hypothesis import given
from hypothesis import strategies as st

from cozum.whatsapp.routes import PATH as WEBHOOK
from cozum.whatsapp.routes import signature_of
from tests.fuzz import bodies
from tests.fuzz.budget import fuzzing
from tests.fuzz.oracle import LOGIN_RECORDS, TRIED, carried_out, graphql_body
from tests.fuzz.runner import City

KINDS = {
    "raw bytes": bodies.raw_bytes, "raw JSON": bodies.json_bodies, "GraphQL-shaped JSON": bodies.shaped_bodies,
    "GET query string": bodies.get_requests, "multipart form": bodies.multipart_requests,
    "WhatsApp notification": bodies.whatsapp_requests,
}


def _shows_graphiql(city: City, request: bodies.Request, response: httpx.Response) -> bool:
    """Outside production a GET without a query may open GraphiQL, a page, not an answer."""
    page = response.headers.get("content-type", "").startswith("text/html")
    if not page:
        return False
    assert city.mode != "production" and request.method == "GET" and "query" not in request.params, response.text[:300]
    assert response.status_code == 200 and "GraphiQL" in response.text
    return True


async def send_notification(city: City, request: bodies.Request, signed: bool) -> None:
    """Refused (4xx, nothing stored) unless signed; a signed one is stored as it came or
    refused as not a JSON object. Never a 500."""
    http: httpx.AsyncClient = city.clients["anonymous"].http
    label = city.label("WhatsApp notification" + (" (signed)" if signed else ""), "anonymous")
    TRIED[label] += 1
    headers = dict(request.headers)
    if signed:
        headers["x-hub-signature-256"] = signature_of(bodies.WHATSAPP_APP_SECRET, request.content)
    response = await http.post(WEBHOOK, content=request.content, headers=headers)
    if response.status_code == 200:
        assert signed and response.json() == {"received": True}, response.text[:300]
        await city.settle(label, True, False, frozenset(), f"{request!r} → {response.text[:300]}")
        return
    graphql_body(response)  # a refusal, in the same shape as any other
    assert response.status_code in (400, 401, 403, 413), response.text[:300]
    await city.settle(label, False, True, frozenset(), f"{request!r} → {response.text[:300]}")


async def send(city: City, kind: str, request: bodies.Request) -> None:
    http: httpx.AsyncClient = city.clients["anonymous"].http
    label = city.label(kind, "anonymous")
    TRIED[label] += 1
    response = await http.request(
        request.method, "/graphql", content=request.content or None, headers=request.headers,
        params=request.params or None,
    )
    http.cookies.clear()
    if _shows_graphiql(city, request, response):
        return
    body = graphql_body(response)
    # Which operation ran is not known here: only a refusal or an error is sure to change nothing.
    carried = carried_out(response, body, None)
    may_write = LOGIN_RECORDS if b"login" in request.content or "login" in str(request.params) else frozenset()
    await city.settle(label, carried, not carried, may_write, f"{request!r} → {response.text[:300]}")


# Each kind's share of the draws: the GraphQL-shaped bodies reach furthest into the server.
WEIGHTED = [
    "raw bytes", "raw bytes", "raw JSON", "raw JSON", "GraphQL-shaped JSON", "GraphQL-shaped JSON",
    "GraphQL-shaped JSON", "GET query string", "multipart form", "WhatsApp notification", "WhatsApp notification",
]


async def draw_and_send(city: City, data: st.DataObject) -> None:
    kind = data.draw(st.sampled_from(WEIGHTED), label="kind")
    request = data.draw(KINDS[kind], label="request")
    if kind == "WhatsApp notification":
        await send_notification(city, request, data.draw(st.booleans(), label="signed"))
    else:
        await send(city, kind, request)


@fuzzing("raw")
@given(data=st.data())
async def test_every_kind_of_body(city: City, data: st.DataObject) -> None:
    await draw_and_send(city, data)


@fuzzing("raw_production")
@given(data=st.data())
async def test_every_kind_of_body_in_production(production_city: City, data: st.DataObject) -> None:
    await draw_and_send(production_city, data)
