"""MP4 videos: checked box by box, and their metadata (phones write the place there) blanked.

A video is stored as sent but for the boxes where cameras put the location, the device and the
time (`udta`, `meta`, and `uuid` boxes such as XMP): each becomes a `free` box of the same size,
filled with zeros. Sizes stay, so every chunk offset in the file does too. The walk is strict and
bounded: a container whose boxes do not fill it exactly, too many boxes, or nesting too deep, and
the file is refused — a box the walk could not read is a box it could not blank.
"""

import struct

_METADATA = frozenset({b"udta", b"meta", b"uuid"})
# Every container that may hold metadata boxes somewhere below it.
_CONTAINERS = frozenset({b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex", b"moof", b"traf"})
MAX_BOXES = 1000  # per container: a real phone video has a few dozen
MAX_DEPTH = 8


class NotAnMp4(Exception):
    pass


def _boxes(data: bytearray, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """(type, box start, payload start, box end) of each box in data[start:end]."""
    found: list[tuple[bytes, int, int, int]] = []
    position = start
    while position < end:
        if len(found) >= MAX_BOXES or end - position < 8:
            raise NotAnMp4
        size, kind = struct.unpack_from(">I4s", data, position)
        header = 8
        if size == 1:  # a 64-bit size follows the type
            if end - position < 16:
                raise NotAnMp4
            (size,) = struct.unpack_from(">Q", data, position + 8)
            header = 16
        elif size == 0:  # the last box, to the end
            size = end - position
        if size < header or position + size > end:
            raise NotAnMp4
        found.append((kind, position, position + header, position + size))
        position += size
    return found


def _blank(data: bytearray, kind_at: int, payload: int, end: int) -> None:
    data[kind_at:kind_at + 4] = b"free"
    data[payload:end] = bytes(end - payload)


def clean_mp4(data: bytearray) -> None:
    """Check `data` is an MP4 (ftyp first, a moov with mvhd and a trak) and blank its metadata in
    place; NotAnMp4 otherwise. Iterative, so no input can exhaust the stack."""
    top = _boxes(data, 0, len(data))
    kinds = [kind for kind, *_ in top]
    if not kinds or kinds[0] != b"ftyp" or kinds.count(b"moov") != 1:
        raise NotAnMp4
    pending = [(box, 0) for box in top]
    while pending:
        (kind, start, payload, end), depth = pending.pop()
        if kind in _METADATA:
            _blank(data, start + 4, payload, end)
        elif kind in _CONTAINERS:
            if depth >= MAX_DEPTH:
                raise NotAnMp4
            children = _boxes(data, payload, end)
            if kind == b"moov" and not {b"mvhd", b"trak"} <= {child[0] for child in children}:
                raise NotAnMp4
            pending.extend((child, depth + 1) for child in children)
