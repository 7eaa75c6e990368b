"""/open311/v2/: every path under it answers in GeoReport v2's shapes, its errors included.

One route takes the whole path and dispatches itself, so an unknown method, path or format
extension is the spec's 404 or 405 error list too, never the framework's plain text.
"""

import re
from collections.abc import Awaitable, Callable, Mapping

from starlette.convertors import PathConvertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cozum.config import Settings
from cozum.context import Shared
from cozum.open311 import filters, params, services, submit, tokens
from cozum.open311.errors import Open311Error, not_found
from cozum.open311.formats import Format, error, render
from cozum.open311.queries import PublicRequest, RequestQuery, find_requests
from cozum.open311.views import service_request

Handler = Callable[[Request, Format, list[str]], Awaitable[Response]]
_SEGMENT_MAX = 100
# No id or code of ours holds one, and PostgreSQL refuses a NUL outright (a 500, not a 404).
_CONTROL = re.compile("[\x00-\x1f\x7f]")


class _AnyPath(PathConvertor):
    regex = "(?s:.*)"  # `path` (and so a Mount) stops at a newline (%0A): the framework's 404


register_url_convertor("open311_path", _AnyPath())
# Taken here and refused by the table below, in the spec's shape.
_EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def _format(path: str) -> Format | None:
    _, dot, extension = path.rpartition(".")
    try:
        return Format(extension.lower()) if dot else None
    except ValueError:
        return None


def _parts(path: str) -> list[str]:
    parts = path.rpartition(".")[0].split("/")
    if "" in parts or any(len(part) > _SEGMENT_MAX or _CONTROL.search(part) for part in parts):
        raise not_found("No such resource (see discovery.json).")
    return parts


def open311_routes(settings: Settings) -> Route:
    def check_jurisdiction(values: Mapping[str, str]) -> None:
        # One jurisdiction per server: a client that names another has the wrong server.
        asked = params.text(values, "jurisdiction_id")
        if settings.open311_jurisdiction and asked is not None and asked != settings.open311_jurisdiction:
            raise not_found(f"jurisdiction_id {asked!r} is not served here.")

    async def _requests(request: Request, query: RequestQuery) -> list[PublicRequest]:
        async with _shared(request).sessionmaker() as session:
            return await find_requests(session, query)

    async def discovery(request: Request, fmt: Format, _: list[str]) -> Response:
        return render(fmt, "discovery", None, services.discovery(settings))

    async def service_list(request: Request, fmt: Format, _: list[str]) -> Response:
        async with _shared(request).sessionmaker() as session:
            return render(fmt, "services", "service", await services.service_list(session))

    async def service_definition(request: Request, fmt: Format, parts: list[str]) -> Response:
        async with _shared(request).sessionmaker() as session:
            return render(fmt, "service_definition", None, await services.service_definition(session, parts[1]))

    async def request_list(request: Request, fmt: Format, _: list[str]) -> Response:
        query = filters.request_query(request.query_params)
        found = await _requests(request, query)
        views = [service_request(one, settings, query.history) for one in found]
        return render(fmt, "service_requests", "request", views)

    async def one_request(request: Request, fmt: Format, parts: list[str]) -> Response:
        query = RequestQuery(references=[parts[1]], history=params.flag(request.query_params, "extensions"))
        found = await _requests(request, query)
        if not found:
            raise not_found(f"No service request has the id {parts[1]!r}.")
        return render(fmt, "service_requests", "request", [service_request(found[0], settings, query.history)])

    async def token(request: Request, fmt: Format, parts: list[str]) -> Response:
        reference = tokens.resolve(settings.secret_key, parts[1])
        found = await _requests(request, RequestQuery(references=[reference])) if reference else []
        if not found:
            raise not_found("No service request was issued this token.")
        answer = [{"service_request_id": found[0].reference, "token": parts[1]}]
        return render(fmt, "service_requests", "request", answer)

    async def create(request: Request, fmt: Format, _: list[str]) -> Response:
        created = await submit.submit(request, _shared(request), check_jurisdiction)
        answer = submit.answer(created, settings.secret_key)
        return render(fmt, "service_requests", "request", answer, status=200 if created.replayed else 201)

    table: dict[tuple[str, int], dict[str, Handler]] = {
        ("discovery", 1): {"GET": discovery},
        ("services", 1): {"GET": service_list},
        ("services", 2): {"GET": service_definition},
        ("requests", 1): {"GET": request_list, "POST": create},
        ("requests", 2): {"GET": one_request},
        ("tokens", 2): {"GET": token},
    }

    async def endpoint(request: Request) -> Response:
        response = await answer(request)
        if request.method in ("GET", "HEAD"):
            # Public data, no credentials: city dashboards read it from the browser.
            response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    async def answer(request: Request) -> Response:
        path: str = request.path_params["path"]
        asked = _format(path)
        fmt = asked or Format.JSON  # an error for an unknown extension is in JSON
        try:
            if asked is None:
                raise not_found("No such resource: paths end in .json or .xml (see discovery.json).")
            parts = _parts(path)
            methods = table.get((parts[0], len(parts)))
            if methods is None:
                raise not_found("No such resource (see discovery.json).")
            method = "GET" if request.method == "HEAD" else request.method
            if method not in methods:
                allow = ", ".join(sorted({*methods, *(("HEAD",) if "GET" in methods else ())}))
                raise Open311Error(405, f"{request.method} is not allowed here.", {"Allow": allow})
            if method == "GET":
                check_jurisdiction(request.query_params)
            return await methods[method](request, fmt, parts)
        except Open311Error as refused:
            return error(fmt, refused.status, refused.description, refused.headers)

    return Route("/open311/v2/{path:open311_path}", endpoint, methods=_EVERY_METHOD)


def _shared(request: Request) -> Shared:
    shared: Shared = request.app.state.shared
    return shared
