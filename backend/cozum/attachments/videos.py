"""MP4 videos: checked box by box, and their metadata (phones write the place there) blanked.

A video is stored as sent, but for its `udta` and `meta` boxes, where cameras put the location
(`©xyz`, `com.apple.quicktime.location.ISO6709`), the device and the time: each becomes a
`free` box of the same size, filled with zeros. Sizes stay, so every offset in the file does too.
"""

import struct
from collections.abc import Iterator

_METADATA = (b"udta", b"meta")
_CONTAINERS = (b"moov", b"trak")


def boxes(data: bytes | bytearray, start: int, end: int) -> Iterator[tuple[bytes, int, int, int]] | None:
    """(type, box start, payload start, box end) of each box in data[start:end], or None when
    the boxes do not fill that span exactly."""
    found = []
    position = start
    while position < end:
        if end - position < 8:
            return None
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if end - position < 16:
                return None
            (size,) = struct.unpack_from(">Q", data, position + 8)
            header = 16
        elif size == 0:  # the last box, to the end
            size = end - position
        if size < header or position + size > end:
            return None
        found.append((kind, position, position + header, position + size))
        position += size
    return iter(found)


def is_mp4(data: bytes) -> bool:
    """The top-level boxes fill the file exactly, start with `ftyp` and include `moov`."""
    top = boxes(data, 0, len(data))
    if top is None:
        return False
    kinds = [kind for kind, *_ in top]
    return bool(kinds) and kinds[0] == b"ftyp" and b"moov" in kinds


def _blank(data: bytearray, start: int, end: int) -> None:
    for kind, box_start, payload, box_end in boxes(data, start, end) or ():
        if kind in _METADATA:
            data[box_start + 4:box_start + 8] = b"free"
            data[payload:box_end] = bytes(box_end - payload)
        elif kind in _CONTAINERS:
            _blank(data, payload, box_end)


def without_metadata(data: bytes) -> bytes:
    copy = bytearray(data)
    _blank(copy, 0, len(copy))
    return bytes(copy)
