"""What GeoReport v2 promises a client, in our words, for the tests to hold the server to.

- Every method is a path ending in the response format: `.json` or `.xml`.
- GET services lists service types, each with service_code, service_name, description,
  metadata (true when a service definition has attributes to fill), type (realtime, batch or
  blackbox), keywords and group. XML: <services><service>…</service></services>.
- GET services/{code} is the service definition: service_code and attributes, each with
  variable, code, datatype, required, datatype_description, order, description and, for list
  datatypes, values of key and name. XML: <service_definition>.
- GET/POST requests and GET requests/{id} answer with service requests: service_request_id,
  status (open or closed), status_notes, service_name, service_code, description,
  agency_responsible, service_notice, requested_datetime, updated_datetime, expected_datetime,
  address, address_id, zipcode, lat, long, media_url. XML: <service_requests><request>…
- Date and time values follow W3C's format with a time zone designator.
- An error is a list of objects with code and description. XML: <errors><error>…
"""

import re
from typing import Any

import httpx
import xmltodict

FORMATS = ["json", "xml"]
W3C_WITH_ZONE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}
REQUEST_FIELDS = {
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
}
DATETIME_FIELDS = ("requested_datetime", "updated_datetime", "expected_datetime")
MEDIA_TYPES = {"json": "application/json", "xml": "text/xml"}

# Elements that repeat inside their parent, so a single one still parses as a list.
_REPEATED = {
    "services": "service", "service_requests": "request", "errors": "error", "attributes": "attribute",
    "values": "value", "endpoints": "endpoint", "formats": "format", "notes": "note", "media_urls": "media_url",
}


def _repeated(path: list[tuple[str, Any]], key: str, _: Any) -> bool:
    return bool(path) and _REPEATED.get(path[-1][0]) == key


def parse(response: httpx.Response, fmt: str) -> Any:
    assert response.headers["content-type"].startswith(MEDIA_TYPES[fmt]), response.headers["content-type"]
    if fmt == "json":
        return response.json()
    return xmltodict.parse(response.content, force_list=_repeated)


def items(response: httpx.Response, fmt: str, root: str, item: str) -> list[dict[str, Any]]:
    """A list answer (services, service_requests, errors) as a list of objects in either format."""
    body = parse(response, fmt)
    if fmt == "json":
        assert isinstance(body, list), body
        return body
    assert list(body) == [root], body
    found: list[dict[str, Any]] = (body[root] or {}).get(item, [])
    return found


def requests_of(response: httpx.Response, fmt: str) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return items(response, fmt, "service_requests", "request")


def errors_of(response: httpx.Response, fmt: str, status: int) -> list[dict[str, Any]]:
    """The error list, checked to carry the status as its code and to say why."""
    assert response.status_code == status, response.text
    found = items(response, fmt, "errors", "error")
    assert found and all(str(e["code"]) == str(status) and e["description"] for e in found), found
    return found


def text(value: Any) -> str | None:
    """A value as XML carries it: booleans as true/false, nothing as None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
