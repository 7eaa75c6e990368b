"""GET /files/<token>: a locally stored attachment, for whoever holds a URL we signed.

The URL is the permission: the API hands one out only with a ticket its reader may see (staff)
or with the request its secret opened (the citizen), and it expires. Nothing but a key we made
(storage.KEY_PATTERN) under the storage folder is ever opened.
"""

import math
import time

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from cozum.attachments import tokens
from cozum.attachments.storage import CONTENT_TYPES, LocalStorage, disposition, storage_for
from cozum.config import Settings
from cozum.edge.errors import error_response

_HEADERS = {
    "x-content-type-options": "nosniff",
    # Opened on its own, the file is a document of no origin that can run nothing.
    "content-security-policy": "sandbox; default-src 'none'; img-src 'self'; media-src 'self'",
    # Other sites cannot show citizens' photos from here, even with a leaked URL in their page.
    "cross-origin-resource-policy": "same-origin",
}


def files_route(settings: Settings) -> Route:
    async def serve(request: Request) -> Response:
        storage = storage_for(settings)
        if not isinstance(storage, LocalStorage):
            return error_response(404, "Files are served by the object store.")
        try:
            key, expires = tokens.verify(settings.secret_key, request.path_params["token"])
            path = storage.path(key)
        except (tokens.BadToken, ValueError):
            return error_response(404, "No such file.")
        except tokens.ExpiredToken:
            return error_response(403, "This link has expired; open the page again for a fresh one.")
        if not path.is_file():
            return error_response(404, "No such file.")
        # The file under a key never changes: the browser may keep it as long as the URL is valid.
        max_age = max(0, math.floor(expires - time.time()))
        headers = {**_HEADERS, "content-disposition": disposition(key),
                   "cache-control": f"private, max-age={max_age}, immutable"}
        return FileResponse(path, media_type=CONTENT_TYPES[key.rsplit(".", 1)[1]], headers=headers)

    return Route("/files/{token}", serve, methods=["GET", "HEAD"])
