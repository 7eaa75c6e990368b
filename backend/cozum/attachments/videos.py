"""MP4 videos: parsed box by box and cut down to what playback needs; cameras write the place,
the device and the time in the rest.

Not re-encoded, and no byte moves: every box outside the allowlist below becomes a `free` box of
the same size filled with zeros, so each chunk offset (stco/co64) still points at its samples.
Kept: ftyp and mdat at the top; moov → mvhd, trak; trak → tkhd, edts (elst), mdia; mdia → mdhd,
hdlr, minf; minf → vmhd or smhd, dinf (dref), stbl and its sample tables. Blanked: udta, meta,
uuid (XMP) and whatever else, wherever it is, tracks that are neither video nor sound (timed GPS
or other metadata), and the creation and modification times of mvhd, tkhd and mdhd.

The walk is strict and bounded, so whatever it keeps it has read: a container whose boxes do not
fill it exactly, more than MAX_BOXES boxes in one or MAX_BOXES_IN_ALL in the file, a box playback
needs missing, or no video track with samples, and the file is refused. Nesting is bounded by the
allowlist itself (at most six levels), whatever the file says.
"""

import struct
from collections.abc import Iterator
from typing import NamedTuple

MAX_BOXES = 1000  # in one container: a real phone video has a few dozen
MAX_BOXES_IN_ALL = 10_000

_SAMPLE_TABLES = frozenset({
    b"stsd", b"stts", b"ctts", b"cslg", b"stss", b"stps", b"sdtp", b"stsc", b"stsz", b"stz2",
    b"stco", b"co64", b"sbgp", b"sgpd", b"subs", b"saiz", b"saio", b"padb", b"stsh", b"stdp",
})
# What each container keeps (every other child is blanked), and what it must hold: one of each set.
_KEEP: dict[bytes, frozenset[bytes]] = {
    b"moov": frozenset({b"mvhd", b"trak"}),
    b"trak": frozenset({b"tkhd", b"edts", b"mdia"}),
    b"edts": frozenset({b"elst"}),
    b"mdia": frozenset({b"mdhd", b"hdlr", b"minf"}),
    b"minf": frozenset({b"vmhd", b"smhd", b"dinf", b"stbl"}),
    b"dinf": frozenset({b"dref"}),
    b"stbl": _SAMPLE_TABLES,
}
_NEEDS: dict[bytes, tuple[frozenset[bytes], ...]] = {
    b"moov": (frozenset({b"mvhd"}), frozenset({b"trak"})),
    b"trak": (frozenset({b"tkhd"}), frozenset({b"mdia"})),
    b"mdia": (frozenset({b"mdhd"}), frozenset({b"hdlr"}), frozenset({b"minf"})),
    b"minf": (frozenset({b"vmhd", b"smhd"}), frozenset({b"stbl"})),
    b"stbl": tuple(frozenset(k) for k in ([b"stsd"], [b"stts"], [b"stsc"], [b"stsz", b"stz2"], [b"stco", b"co64"])),
}
_MEDIA = (b"vide", b"soun")


class NotAnMp4(Exception):
    pass


class Box(NamedTuple):
    kind: bytes
    start: int
    payload: int  # where the payload starts, after the 8- or 16-byte header
    end: int


class _Walk:
    def __init__(self, data: bytearray) -> None:
        self.data = data
        self.seen = 0

    def boxes(self, start: int, end: int, *, top: bool = False) -> Iterator[Box]:
        """The boxes of data[start:end], one at a time; NotAnMp4 when they do not fill it exactly."""
        data, position, count = self.data, start, 0
        while position < end:
            count += 1
            self.seen += 1
            if count > MAX_BOXES or self.seen > MAX_BOXES_IN_ALL or end - position < 8:
                raise NotAnMp4
            size, kind = struct.unpack_from(">I4s", data, position)
            header = 8
            if size == 1:  # a 64-bit size follows the type
                if end - position < 16:
                    raise NotAnMp4
                (size,) = struct.unpack_from(">Q", data, position + 8)
                header = 16
            elif size == 0 and top:  # the last box of the file, to its end
                size = end - position
            if size < header or size > end - position:
                raise NotAnMp4
            yield Box(kind, position, position + header, position + size)
            position += size

    def blank(self, box: Box) -> None:
        self.data[box.start + 4:box.start + 8] = b"free"
        self.data[box.payload:box.end] = bytes(box.end - box.payload)

    def open(self, box: Box) -> dict[bytes, list[Box]]:
        """`box`'s children that it may keep, by type; the others blanked."""
        keep = _KEEP[box.kind]
        kept: dict[bytes, list[Box]] = {}
        for child in self.boxes(box.payload, box.end):
            if child.kind in keep:
                kept.setdefault(child.kind, []).append(child)
            else:
                self.blank(child)
        if any(not needed & kept.keys() for needed in _NEEDS.get(box.kind, ())):
            raise NotAnMp4
        return kept

    def zero_times(self, box: Box) -> None:
        """mvhd, tkhd and mdhd open with version, flags, creation and modification time."""
        width = 8 if self.data[box.payload:box.payload + 1] == b"\x01" else 4
        if box.end - box.payload < 4 + 2 * width:
            raise NotAnMp4
        self.data[box.payload + 4:box.payload + 4 + 2 * width] = bytes(2 * width)

    def field(self, box: Box, offset: int) -> bytes:
        if box.end - box.payload < offset + 4:
            raise NotAnMp4
        return bytes(self.data[box.payload + offset:box.payload + offset + 4])


def _one(boxes: dict[bytes, list[Box]], kind: bytes) -> Box:
    found = boxes.get(kind, [])
    if len(found) != 1:
        raise NotAnMp4
    return found[0]


def _track(walk: _Walk, trak: Box) -> bytes | None:
    """The track's media (b"vide" or b"soun"), cleaned; None when the whole track was blanked."""
    parts = walk.open(trak)
    media = walk.open(_one(parts, b"mdia"))
    handler = walk.field(_one(media, b"hdlr"), 8)  # after version, flags and pre_defined
    if handler not in _MEDIA:
        walk.blank(trak)
        return None
    for edits in parts.get(b"edts", []):
        walk.open(edits)
    walk.zero_times(_one(parts, b"tkhd"))
    walk.zero_times(_one(media, b"mdhd"))
    information = walk.open(_one(media, b"minf"))
    for dinf in information.get(b"dinf", []):
        walk.open(dinf)
    tables = walk.open(_one(information, b"stbl"))
    sizes = _one(tables, b"stsz") if b"stsz" in tables else _one(tables, b"stz2")
    if walk.field(_one(tables, b"stsd"), 4) == bytes(4) or walk.field(sizes, 8) == bytes(4):
        raise NotAnMp4  # no sample description, or no samples (a fragmented file keeps them elsewhere)
    return handler


def clean_mp4(data: bytearray) -> None:
    """Check `data` is an MP4 with a video track and blank all but what plays it, in place;
    NotAnMp4 otherwise."""
    walk = _Walk(data)
    moov: list[Box] = []
    mdat = False
    for index, box in enumerate(walk.boxes(0, len(data), top=True)):
        if index == 0 and box.kind != b"ftyp":
            raise NotAnMp4
        if box.kind == b"moov":
            moov.append(box)
        elif box.kind == b"mdat":
            mdat = True
        elif box.kind != b"ftyp" or index > 0:
            walk.blank(box)
    if len(moov) != 1 or not mdat:
        raise NotAnMp4
    movie = walk.open(moov[0])
    walk.zero_times(_one(movie, b"mvhd"))
    if b"vide" not in [_track(walk, trak) for trak in movie[b"trak"]]:
        raise NotAnMp4
