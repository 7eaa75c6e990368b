"""A GraphQL-over-HTTP request's members, each of the type the spec gives it, or a 400."""

from collections.abc import Mapping
from typing import Any

from cross_web import HTTPException
from strawberry.http import GraphQLRequestData

from cozum.edge.json_body import BadJson, decode

_MEMBERS = (("query", str, "a string"), ("operationName", str, "a string"),
            ("variables", dict, "an object"), ("extensions", dict, "an object"))


def bad_request(reason: str) -> HTTPException:
    return HTTPException(400, reason)


def from_json(data: object) -> GraphQLRequestData:
    if isinstance(data, list):
        raise bad_request("Batched requests are not supported: send one operation per request.")
    if not isinstance(data, dict):
        raise bad_request("The body must be a JSON object with a `query` member.")
    for name, kind, described in _MEMBERS:
        if data.get(name) is not None and not isinstance(data[name], kind):
            raise bad_request(f"`{name}` must be {described} or null.")
    return GraphQLRequestData(
        query=data.get("query"), variables=data.get("variables"), operation_name=data.get("operationName"),
        extensions=data.get("extensions"), protocol="http",
    )


def from_query_params(params: Mapping[str, Any]) -> GraphQLRequestData:
    """GET: `variables` and `extensions` are JSON inside the query string."""
    data: dict[str, object] = {name: params.get(name) for name in ("query", "operationName")}
    for name in ("variables", "extensions"):
        raw = params.get(name)
        if raw:
            try:
                data[name] = decode(raw)
            except BadJson as error:
                raise bad_request(f"`{name}`: {error.msg}") from None
    return from_json(data)
