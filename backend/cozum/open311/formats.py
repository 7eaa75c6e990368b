"""One answer, two formats: JSON as it is, XML with the element names GeoReport v2 gives.

A JSON list of objects becomes a root element holding one element per object
(`<services><service>…`); an object's list field becomes a wrapper holding one element per
item (`<attributes><attribute>…`). None is an empty element, booleans are `true`/`false`.
"""

import json
import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any
from xml.etree import ElementTree as ET

from starlette.responses import Response


class Format(Enum):
    JSON = "json"
    XML = "xml"


MEDIA_TYPES = {Format.JSON: "application/json", Format.XML: "text/xml"}  # Starlette adds the charset to text/*

# The element each item of a list field is written as.
ITEM_TAGS = {
    "attributes": "attribute", "values": "value", "endpoints": "endpoint", "formats": "format",
    "notes": "note", "media_urls": "media_url",
}
# XML 1.0 cannot carry these at all, escaped or not: a citizen's text loses them in XML only.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value: Any) -> None:
    if isinstance(value, Mapping):
        for key, child in value.items():
            _child(element, key, child)
    elif value is not None:
        element.text = _text(value)


def _child(parent: ET.Element, tag: str, value: Any) -> None:
    element = ET.SubElement(parent, tag)
    if isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            _fill(ET.SubElement(element, ITEM_TAGS.get(tag, "item")), item)
    else:
        _fill(element, value)


def to_xml(root: str, item: str | None, data: Any) -> bytes:
    """`data` under `root`: a list as one `item` element each, an object as its fields."""
    element = ET.Element(root)
    if item is not None:
        for entry in data:
            _fill(ET.SubElement(element, item), entry)
    else:
        _fill(element, data)
    body: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return body


def render(fmt: Format, root: str, item: str | None, data: Any, status: int = 200,
           headers: Mapping[str, str] | None = None) -> Response:
    if fmt is Format.XML:
        body = to_xml(root, item, data)
    else:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "replace")
    return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt], headers=headers)


def error(fmt: Format, status: int, description: str, headers: Mapping[str, str] | None = None) -> Response:
    return render(fmt, "errors", "error", [{"code": status, "description": description}], status, headers)
