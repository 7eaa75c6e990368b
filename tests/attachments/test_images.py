"""Photos and videos as checked and cleaned, without the API around them."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms

from cozum.attachments.images import NotAPhoto, TooManyPixels, process_photo
from cozum.attachments.videos import MAX_BOXES, NotAnMp4, clean_mp4
from tests.attachments import media


def reopened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_gps_is_read_before_the_exif_is_dropped() -> None:
    photo = process_photo(media.jpeg(gps=(38.2056, -37.1983)))
    assert photo.latitude == pytest.approx(38.2056, abs=1e-5)
    assert photo.longitude == pytest.approx(-37.1983, abs=1e-5)
    stored = reopened(photo.data)
    assert len(stored.getexif()) == 0 and "exif" not in stored.info
    assert b"TestPhone" not in photo.data and b"Secret" not in photo.data


@pytest.mark.parametrize(("make", "content_type"), [
    (media.png, "image/png"), (media.webp, "image/webp"), (lambda: media.jpeg(gps=media.ELBISTAN), "image/jpeg"),
])
def test_every_format_is_written_anew_without_metadata(make: object, content_type: str) -> None:
    photo = process_photo(make())  # type: ignore[operator]
    assert photo.content_type == content_type and photo.latitude == pytest.approx(media.ELBISTAN[0], abs=1e-5)
    for data in (photo.data, photo.thumbnail):
        stored = reopened(data)
        assert len(stored.getexif()) == 0 and not {"exif", "xmp", "icc_profile"} & set(stored.info)


def test_heic_becomes_jpeg() -> None:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(out, "HEIF")
    photo = process_photo(out.getvalue())
    assert (photo.content_type, photo.extension, photo.width, photo.height) == ("image/jpeg", "jpg", 64, 48)


def test_a_multi_picture_jpeg_keeps_only_its_first_picture() -> None:
    out = io.BytesIO()  # what many phones write: the photo, then a depth map or preview
    Image.new("RGB", (64, 48), "red").save(out, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))])
    assert reopened(out.getvalue()).format == "MPO"
    stored = reopened(process_photo(out.getvalue()).data)
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1


def test_the_photo_is_turned_upright_before_its_orientation_tag_goes() -> None:
    photo = process_photo(media.jpeg(size=(64, 48), orientation=6))  # "rotate 90° clockwise to view"
    stored = reopened(photo.data)
    assert stored.size == (48, 64)
    red, _, blue = stored.getpixel((44, 4))[:3]  # the top-left marker is now at the top right
    assert blue > 150 and red < 120


def test_a_colour_profile_is_applied_then_dropped() -> None:
    out = io.BytesIO()
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes()
    Image.new("RGB", (20, 20), "green").save(out, "JPEG", icc_profile=profile)
    stored = reopened(process_photo(out.getvalue()).data)
    assert "icc_profile" not in stored.info


def test_large_photos_are_scaled_and_thumbnails_are_small_jpegs() -> None:
    photo = process_photo(media.jpeg(size=(4000, 3000)))
    assert (photo.width, photo.height) == (2560, 1920)
    thumbnail = reopened(photo.thumbnail)
    assert thumbnail.format == "JPEG" and max(thumbnail.size) == 480


def _png_declaring(width: int, height: int) -> bytes:
    data = media.png(with_exif=False)
    ihdr = struct.pack(">II", width, height) + data[24:29]
    chunk = b"IHDR" + ihdr
    return data[:8] + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk)) + data[33:]


def test_decompression_bombs_are_refused_before_decoding() -> None:
    with pytest.raises(TooManyPixels):
        process_photo(_png_declaring(8000, 8000))  # 64 MP: past our cap
    with pytest.raises(NotAPhoto):
        process_photo(_png_declaring(100_000, 100_000))  # past Pillow's own bomb limit


@pytest.mark.parametrize("data", [
    media.NOT_A_JPEG, media.jpeg()[:200], b"", b"GIF89a" + bytes(100), b"<svg xmlns='http://www.w3.org/2000/svg'/>",
])
def test_what_is_not_an_accepted_photo_is_refused(data: bytes) -> None:
    with pytest.raises(NotAPhoto):
        process_photo(data)


def test_a_gif_is_not_accepted_even_when_real() -> None:
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(NotAPhoto):
        process_photo(out.getvalue())


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


def test_an_mp4_must_be_whole_boxes_with_a_moov_and_a_track() -> None:
    video = media.mp4()
    assert is_mp4(video)
    assert not is_mp4(video[:-10])  # truncated mdat
    assert not is_mp4(video[:32])  # ftyp and part of moov
    assert not is_mp4(media.FTYP + media.box(b"mdat", bytes(8)))  # no moov at all
    assert not is_mp4(media.FTYP + media.box(b"moov", media.box(b"mvhd", bytes(100))) + media.box(b"mdat", b""))


def test_a_videos_metadata_is_blanked_in_place() -> None:
    video = media.mp4()
    clean = cleaned(video)
    assert len(clean) == len(video) and is_mp4(clean)
    assert media.LOCATION_TEXT not in clean and b"udta" not in clean
    assert clean.replace(b"free", b"udta")[:40] == video[:40]


@pytest.mark.parametrize("where", ["top", "moov", "track"])
def test_metadata_anywhere_is_blanked_xmp_uuid_boxes_included(where: str) -> None:
    xmp = media.box(b"uuid", bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + b"<x:xmpmeta>" + media.LOCATION_TEXT)
    extra = {"top": {"top_extra": xmp}, "moov": {"moov_extra": xmp}, "track": {"track_extra": media.location_udta()}}
    video = media.mp4(**extra[where])  # type: ignore[arg-type]
    clean = cleaned(video)
    assert media.LOCATION_TEXT not in clean and len(clean) == len(video)


def test_a_container_that_does_not_parse_refuses_the_file_instead_of_keeping_its_metadata() -> None:
    video = media.mp4()
    moov_at = video.index(b"moov") - 4
    size = int.from_bytes(video[moov_at:moov_at + 4], "big")
    # Four stray bytes inside the moov: its boxes no longer fill it, so its udta cannot be trusted found.
    broken = video[:moov_at] + (size + 4).to_bytes(4, "big") + video[moov_at + 4:moov_at + size] + bytes(4) + video[moov_at + size:]
    assert not is_mp4(broken)


def test_deep_nesting_and_box_floods_are_refused_quickly() -> None:
    nested = media.box(b"mvhd", bytes(100)) + media.track()
    for _ in range(5000):
        nested = media.box(b"moov", nested)
    assert not is_mp4(media.FTYP + nested)
    flood = media.FTYP + media.box(b"moov", media.box(b"mvhd", bytes(100)) + media.track()) + bytes.fromhex("00000008") * 0
    flood += (b"\x00\x00\x00\x08free" * (MAX_BOXES + 1))
    assert not is_mp4(flood)
