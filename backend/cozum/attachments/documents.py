"""PDF documents, kept byte for byte: what is checked is that the file is a whole PDF.

A PDF opens with `%PDF-<version>` and ends with `startxref`, the offset of its cross-reference
(a table, `xref`, or a stream, `<n> <g> obj`) and `%%EOF`; readers look for the end in the last
kilobyte. A file cut short, or text that only opens with `%PDF`, has no such end and is refused.
What is inside is not parsed: the file is served as a download that no browser renders in our
origin (routes.py), and staff open it in their PDF reader.
"""

import re

_HEADER = re.compile(rb"%PDF-[12]\.\d")
_TAIL = 1024
_END = re.compile(rb"startxref\s+(\d{1,15})\s+%%EOF")
_CROSS_REFERENCE = re.compile(rb"\s*(xref|\d{1,10}\s+\d{1,5}\s+obj)")


class NotAPdf(Exception):
    pass


def looks_like_pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def check_pdf(data: bytes | bytearray) -> None:
    """NotAPdf unless `data` opens as a PDF and ends with a `startxref` that points at one."""
    if not _HEADER.match(data):
        raise NotAPdf
    ends = list(_END.finditer(bytes(data[-_TAIL:])))
    if not ends:
        raise NotAPdf
    offset = int(ends[-1].group(1))
    if offset >= len(data) or not _CROSS_REFERENCE.match(data, offset):
        raise NotAPdf
