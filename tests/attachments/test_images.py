"""Photos and videos as checked and cleaned, without the API around them."""

import io
import struct
import zlib

import pytest
from PIL import Image, ImageCms

from cozum.attachments.images import NotAPhoto, TooManyPixels, process_photo
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


def _flat_png(width: int, height: int) -> bytes:
    """A valid PNG of one colour: a few bytes of file per thousand pixels."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    row, packer = bytes(1 + 3 * width), zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_past_40_megapixels_a_photo_is_refused_before_decoding() -> None:
    with pytest.raises(TooManyPixels):
        process_photo(_png_declaring(7000, 7000))  # 49 MP


def test_a_large_image_of_implausibly_few_bytes_is_refused_before_decoding() -> None:
    bomb = _flat_png(4500, 4500)  # 20 MP in about 60 KB: 60 MB of pixels to decode
    assert len(bomb) < 100_000
    with pytest.raises(NotAPhoto):
        process_photo(bomb)
    small = process_photo(_flat_png(1500, 1000))  # as flat, but small enough to decode cheaply
    assert (small.width, small.height) == (1500, 1000)


def test_only_the_accepted_formats_parsers_ever_see_an_upload(monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import BmpImagePlugin

    opened: list[object] = []
    real_open = BmpImagePlugin.BmpImageFile._open
    monkeypatch.setattr(BmpImagePlugin.BmpImageFile, "_open", lambda self: opened.append(self) or real_open(self))
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "BMP")
    with pytest.raises(NotAPhoto):
        process_photo(out.getvalue())
    assert opened == []


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
