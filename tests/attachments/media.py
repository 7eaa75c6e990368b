"""Small photos and videos made on the spot: no binary files in the repository."""

import io
import struct
from fractions import Fraction

from PIL import ExifTags, Image

# Kahramanmaraş, Elbistan: inside the test area used below.
ELBISTAN = (38.2056, 37.1983)
TEST_AREA = "37.9,36.8,38.5,37.6"


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    value = abs(value)
    degrees = int(value)
    minutes_float = (value - degrees) * 60
    minutes = int(minutes_float)
    seconds = Fraction((minutes_float - minutes) * 60).limit_denominator(10000)
    return Fraction(degrees), Fraction(minutes), seconds


def exif_with_gps(latitude: float, longitude: float, orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestPhone"
    exif[ExifTags.Base.Model] = "Model Secret 9"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N" if latitude >= 0 else "S",
        ExifTags.GPS.GPSLatitude: _dms(latitude),
        ExifTags.GPS.GPSLongitudeRef: "E" if longitude >= 0 else "W",
        ExifTags.GPS.GPSLongitude: _dms(longitude),
    }
    return exif


def jpeg(size: tuple[int, int] = (64, 48), gps: tuple[float, float] | None = None,
         orientation: int | None = None, color: str = "orange") -> bytes:
    image = Image.new("RGB", size, color)
    image.paste((0, 0, 255), (0, 0, 16, 16))  # a marker in the top-left corner, to follow rotations
    out = io.BytesIO()
    exif = exif_with_gps(*gps, orientation=orientation) if gps else Image.Exif()
    if orientation is not None and not gps:
        exif[ExifTags.Base.Orientation] = orientation
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return out.getvalue()


def png(size: tuple[int, int] = (40, 30), with_exif: bool = True) -> bytes:
    image = Image.new("RGBA", size, (10, 200, 30, 128))
    out = io.BytesIO()
    exif = exif_with_gps(*ELBISTAN).tobytes() if with_exif else b""
    image.save(out, "PNG", exif=exif)
    return out.getvalue()


def webp(size: tuple[int, int] = (40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "purple").save(out, "WEBP", exif=exif_with_gps(*ELBISTAN).tobytes())
    return out.getvalue()


def noisy_jpeg(min_bytes: int) -> bytes:
    """A real JPEG of at least `min_bytes` (random pixels compress badly)."""
    side = 64
    while True:
        image = Image.effect_noise((side, side), 120).convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=100)
        if len(out.getvalue()) >= min_bytes:
            return out.getvalue()
        side *= 2


def box(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


LOCATION_TEXT = b"+38.2056+037.1983/"


FTYP = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")


def location_udta() -> bytes:
    return box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(LOCATION_TEXT), 0) + LOCATION_TEXT))


def track(*extra: bytes) -> bytes:
    """A trak whose media boxes may carry `extra` (metadata a camera put there)."""
    minf = box(b"minf", box(b"stbl", box(b"stsd", bytes(16))))
    return box(b"trak", box(b"tkhd", bytes(84)) + box(b"mdia", box(b"mdhd", bytes(24)) + minf + b"".join(extra)))


def mp4(padding: int = 1000, *, moov_extra: bytes = b"", track_extra: bytes = b"", top_extra: bytes = b"") -> bytes:
    """An MP4's skeleton: ftyp, a moov holding a track and a udta with a ©xyz location, and an mdat."""
    moov = box(b"moov", box(b"mvhd", bytes(100)) + track(track_extra) + location_udta() + moov_extra)
    return FTYP + moov + top_extra + box(b"mdat", bytes(padding))


NOT_A_JPEG = b"\xff\xd8\xff\xe0" + b"this is a text file pretending to be a JPEG " * 20
