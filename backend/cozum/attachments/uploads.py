"""The `Upload` scalar and the GraphQL multipart request spec that carries it.

A browser POSTs `multipart/form-data` with an `operations` field (the usual JSON request, each
file's variable null), a `map` field (`{"0": ["variables.file"], …}`) and one part per file,
named as in the map (https://github.com/jaydenseric/graphql-multipart-request-spec).
"""

from collections.abc import Mapping
from typing import Any, NewType

import strawberry
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request

from cozum.edge.json_body import BadJson, decode
from cozum.edge.request_data import bad_request

# Parts a form may have: `operations`, `map`, and the files of a request (5 photos, with room
# for a staff document adding a few attachments at once). More is refused while parsing.
MAX_FILES = 10
MAX_FIELDS = 2


def _parse_value(value: object) -> UploadFile:
    if not isinstance(value, UploadFile):
        raise ValueError("An Upload is a file sent as a part of a multipart request (see its `map`).")
    return value


def _parse_literal(*_: object) -> UploadFile:
    raise ValueError("An Upload cannot be written in the document; send it as a variable in a multipart request.")


# The type inputs are annotated with; schema.py maps it to UPLOAD_SCALAR (Strawberry's scalar_map).
Upload = NewType("Upload", object)

UPLOAD_SCALAR = strawberry.scalar(
    name="Upload",
    description=(
        "A file, sent by the GraphQL multipart request spec: POST multipart/form-data with "
        "`operations`, `map` and the files."
    ),
    serialize=lambda _: None,  # never in an answer
    parse_value=_parse_value,
    parse_literal=_parse_literal,
)


async def read_form(request: Request, max_part_size: int) -> FormData:
    """The form, its files spooled to temporary files (the caller closes them with the request).
    `max_part_size` bounds each non-file field, `operations` above all."""
    try:
        return await request.form(max_files=MAX_FILES, max_fields=MAX_FIELDS, max_part_size=max_part_size)
    except StarletteHTTPException as error:  # Starlette's wording of a MultiPartException
        raise bad_request(f"The multipart body could not be read: {error.detail}") from None
    except MultiPartException as error:
        raise bad_request(f"The multipart body could not be read: {error.message}") from None


def _json_field(form: FormData, name: str) -> object:
    value = form.get(name)
    if not isinstance(value, str):
        raise bad_request(f"A multipart upload needs the `{name}` field, holding JSON (the multipart request spec).")
    try:
        return decode(value)
    except BadJson as error:
        raise bad_request(f"`{name}`: {error.msg}") from None


def _place(operations: dict[str, Any], path: object, upload: UploadFile) -> None:
    """Put the file where the map says: a null inside `variables`, nowhere else."""
    keys = path.split(".") if isinstance(path, str) else []
    if len(keys) < 2 or keys[0] != "variables":
        raise bad_request(f"`map` paths look like \"variables.file\"; got {path!r}.")
    target: Any = operations
    for key in keys[:-1]:
        target = _step(target, key, path)
    last = keys[-1]
    if isinstance(target, dict) and target.get(last, 0) is None:
        target[last] = upload
    elif isinstance(target, list) and last.isdigit() and int(last) < len(target) and target[int(last)] is None:
        target[int(last)] = upload
    else:
        raise bad_request(f"`map` path {path!r} does not lead to a null in `operations`.")


def _step(value: Any, key: str, path: object) -> Any:
    if isinstance(value, dict) and key in value:
        return value[key]
    if isinstance(value, list) and key.isdigit() and int(key) < len(value):
        return value[int(key)]
    raise bad_request(f"`map` path {path!r} does not lead to a null in `operations`.")


def operations_of(form: FormData) -> object:
    """`operations` with every mapped file in place of its null."""
    operations = _json_field(form, "operations")
    files_map = _json_field(form, "map")
    if not isinstance(files_map, Mapping):
        raise bad_request("`map` must be a JSON object of file field names to lists of paths.")
    if not isinstance(operations, dict):
        return operations  # refused as the body is, by request_data.from_json
    for name, paths in files_map.items():
        upload = form.get(name)
        if not isinstance(upload, UploadFile):
            raise bad_request(f"The map names a file {name!r} that the request does not carry.")
        if not isinstance(paths, list) or not paths:
            raise bad_request(f"`map` must give a list of paths for {name!r}.")
        for path in paths:
            _place(operations, path, upload)
    return operations
