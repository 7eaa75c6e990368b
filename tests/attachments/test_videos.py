"""MP4 videos as checked and cleaned, without the API around them: strict, bounded, allowlisted."""

import struct

import pytest

from cozum.attachments.videos import MAX_BOXES, MAX_BOXES_IN_ALL, NotAnMp4, clean_mp4
from tests.attachments import media
from tests.attachments.media import box, full, track


def is_mp4(data: bytes) -> bool:
    try:
        clean_mp4(bytearray(data))
    except NotAnMp4:
        return False
    return True


def cleaned(data: bytes) -> bytes:
    copy = bytearray(data)
    clean_mp4(copy)
    return bytes(copy)


def movie(*children: bytes) -> bytes:
    return media.FTYP + box(b"moov", b"".join(children)) + box(b"mdat", bytes(100))


MVHD = full(b"mvhd", media.TIMES + bytes(88))


@pytest.mark.parametrize("video", [
    media.mp4()[:-10],  # truncated mdat
    media.mp4()[:32],  # ftyp and part of moov
    media.FTYP + box(b"mdat", bytes(8)),  # no moov at all
    movie(MVHD),  # no track
    media.mp4()[: -len(box(b"mdat", bytes(1000)))],  # no mdat
    box(b"free", b"") + media.mp4(),  # ftyp not first
    media.mp4(top_extra=box(b"moov", MVHD + track())),  # two moov
    movie(MVHD, track(b"soun")),  # sound only: not a video
    movie(MVHD, track(samples=0)),  # no samples (a fragmented file keeps them in moof boxes)
    movie(MVHD, track().replace(b"stsd", b"xxxx")),  # no sample description
    movie(MVHD, track().replace(b"hdlr", b"xxxx")),  # no handler: what the track holds is unknown
    # Any data wrapped as ftyp, moov and mdat, as the review sent it: not a video.
    media.FTYP + box(b"moov", box(b"mvhd", bytes(100))) + box(b"mdat", b"any data at all"),
])
def test_an_mp4_must_be_whole_boxes_with_a_video_track_that_has_samples(video: bytes) -> None:
    assert not is_mp4(video)


def test_what_playback_needs_stays_byte_for_byte_and_the_rest_is_blanked_in_place() -> None:
    video = media.mp4(padding=1000)
    clean = cleaned(video)
    assert len(clean) == len(video) and is_mp4(clean)
    assert clean[-1008:] == video[-1008:]  # the mdat where it was: every chunk offset still holds
    assert media.LOCATION_TEXT not in clean and b"udta" not in clean
    for kept in (media.FTYP, media.sample_tables(), full(b"vmhd", bytes(8))):
        assert kept in clean
    assert cleaned(clean) == clean


@pytest.mark.parametrize("where", [
    {"top_extra": media.xmp()},
    {"moov_extra": media.xmp()},
    {"moov_extra": box(b"meta", bytes(4) + box(b"ilst", media.LOCATION_TEXT))},
    {"moov_extra": box(b"\xa9xyz", media.LOCATION_TEXT)},  # not in a udta: still not on the list
    {"top_extra": box(b"free", media.LOCATION_TEXT) + box(b"skip", media.LOCATION_TEXT)},
    {"tracks": (track(trak=media.location_udta()),)},
    {"tracks": (track(mdia=media.location_udta()),)},
    {"tracks": (track(minf=box(b"meta", bytes(4) + media.LOCATION_TEXT)),)},
    {"tracks": (track(stbl=media.xmp()),)},
    {"tracks": (track(edts=media.location_udta()),)},
    {"tracks": (track(trak=box(b"loci", media.LOCATION_TEXT)),)},
])
def test_metadata_anywhere_is_blanked_whatever_box_holds_it(where: dict[str, object]) -> None:
    video = media.mp4(**where)  # type: ignore[arg-type]
    assert media.LOCATION_TEXT in video
    clean = cleaned(video)
    assert media.LOCATION_TEXT not in clean and len(clean) == len(video)


def test_a_track_that_is_neither_video_nor_sound_is_blanked_whole() -> None:
    gps_track = track(b"meta", stbl=box(b"gpmd", media.LOCATION_TEXT))  # timed GPS, as action cameras write
    video = media.mp4(tracks=(track(), track(b"soun"), gps_track))
    clean = cleaned(video)
    assert media.LOCATION_TEXT not in clean and b"meta" not in clean
    assert track(b"soun").replace(media.TIMES, bytes(8)) in clean
    assert is_mp4(clean)


@pytest.mark.parametrize("version", [0, 1])
def test_the_recording_times_are_zeroed(version: int) -> None:
    times = media.TIMES if version == 0 else struct.pack(">QQ", 3_900_000_000, 3_900_000_001)
    mvhd = full(b"mvhd", times + bytes(88 if version == 0 else 96), version)
    video = movie(mvhd, track())
    clean = cleaned(video)
    assert media.TIMES not in clean and times not in clean
    assert clean.count(b"mvhd") == clean.count(b"tkhd") == clean.count(b"mdhd") == 1


@pytest.mark.parametrize("container", [b"moov", b"trak", b"stbl"])
def test_a_container_that_does_not_parse_refuses_the_file_instead_of_keeping_its_metadata(container: bytes) -> None:
    video = media.mp4()
    at = video.index(container) - 4
    size = int.from_bytes(video[at:at + 4], "big")
    # Four stray bytes at its end: its boxes no longer fill it, so a udta in it cannot be trusted found.
    broken = bytearray(video[:at + size] + bytes(4) + video[at + size:])
    for outer in (b"moov", b"trak", b"mdia", b"minf", b"stbl"):  # every box around it grows by four too
        start = video.index(outer) - 4
        if start <= at and start + int.from_bytes(video[start:start + 4], "big") >= at + size:
            broken[start:start + 4] = (int.from_bytes(video[start:start + 4], "big") + 4).to_bytes(4, "big")
    assert not is_mp4(bytes(broken))


def test_a_64_bit_box_size_is_read() -> None:
    children = MVHD + track() + media.location_udta()
    video = media.FTYP + struct.pack(">I4sQ", 1, b"moov", 16 + len(children)) + children + box(b"mdat", bytes(10))
    clean = cleaned(video)
    assert media.LOCATION_TEXT not in clean and len(clean) == len(video)


def test_deep_nesting_and_box_floods_are_refused_without_walking_them_all() -> None:
    nested = MVHD + track()
    for _ in range(5000):  # 40 KB: what overflowed the recursive walk
        nested = box(b"moov", nested)
    assert not is_mp4(media.FTYP + nested)
    flood = b"\x00\x00\x00\x08free" * (MAX_BOXES + 1)
    assert not is_mp4(media.mp4(top_extra=flood))
    assert not is_mp4(media.mp4(moov_extra=flood))
    many_tracks = (track(),) * (MAX_BOXES_IN_ALL // 14)  # 17 boxes each: fewer than MAX_BOXES a level, more in all
    assert not is_mp4(media.mp4(tracks=many_tracks))
