"""A POST's body as form fields, read as UTF-8 (GeoReport v2: all text a client sends is UTF-8).

Starlette reads what is not UTF-8 as Latin-1 without a word: `curl -d "description=Çukur"`
(raw UTF-8, not percent-encoded) would be stored as `Ã‡ukur`, and a field in another encoding
as other nonsense. Here raw and percent-encoded UTF-8 are both read right, and anything else
is a 400 naming the field.
"""

from urllib.parse import parse_qsl

from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import Request

from cozum.attachments.checks import MAX_PHOTOS
from cozum.open311.errors import bad_request

MAX_FIELDS = 100
MAX_FIELD_BYTES = 64 * 1024


class _Utf8MultiPart(MultiPartParser):
    def on_part_end(self) -> None:
        part = self._current_part
        if part.file is None:
            try:
                bytes(part.data).decode("utf-8")
            except UnicodeDecodeError:
                raise MultiPartException(f"The field {part.field_name!r} is not UTF-8 text.") from None
        super().on_part_end()


def _urlencoded(body: bytes) -> FormData:
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError:
        raise bad_request("The form is not UTF-8 text.") from None
    except ValueError:
        raise bad_request(f"The form has more than {MAX_FIELDS} fields.") from None
    fields: list[tuple[str, str | UploadFile]] = list(pairs)
    return FormData(fields)


async def read_form(request: Request) -> FormData:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if content_type == "application/x-www-form-urlencoded":
            return _urlencoded(await request.body())
        if content_type == "multipart/form-data":
            parser = _Utf8MultiPart(
                request.headers, request.stream(), max_files=MAX_PHOTOS + 1, max_fields=MAX_FIELDS,
                max_part_size=MAX_FIELD_BYTES,
            )
            return await parser.parse()
    except MultiPartException as problem:
        raise bad_request(f"The form could not be read: {problem.message}") from None
    return FormData()  # another body: the fields may all be in the query string
