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
# A creation and a modification time (2023-07), as mvhd, tkhd and mdhd carry them.
TIMES = struct.pack(">II", 0xE0712345, 0xE0712346)
XMP_UUID = bytes.fromhex("be7acfcb97a942e89c71999491e3afac")

FTYP = box(b"ftyp", b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41")


def full(kind: bytes, payload: bytes, version: int = 0) -> bytes:
    """A box that opens with a version and flags."""
    return box(kind, bytes([version, 0, 0, 0]) + payload)


def location_udta() -> bytes:
    return box(b"udta", box(b"\xa9xyz", struct.pack(">HH", len(LOCATION_TEXT), 0) + LOCATION_TEXT))


def xmp() -> bytes:
    return box(b"uuid", XMP_UUID + b"<x:xmpmeta><exif:GPSLatitude>38,12.3N</exif:GPSLatitude>" + LOCATION_TEXT)


def sample_tables(extra: bytes = b"", samples: int = 1) -> bytes:
    """One sample in one chunk: what a player needs to find it."""
    stsd = full(b"stsd", struct.pack(">I", 1) + box(b"avc1", bytes(78)))
    tables = (stsd + full(b"stts", struct.pack(">III", 1, samples, 512)) + full(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
              + full(b"stsz", struct.pack(">II", 100, samples)) + full(b"stco", struct.pack(">II", 1, 0)))
    return box(b"stbl", tables + extra)


def track(handler: bytes = b"vide", *, trak: bytes = b"", mdia: bytes = b"", minf: bytes = b"", stbl: bytes = b"",
          edts: bytes = b"", samples: int = 1) -> bytes:
    """A track of `handler` media; each keyword's bytes are put in that box (metadata a camera wrote there)."""
    header = full(b"vmhd" if handler == b"vide" else b"smhd", bytes(8))
    dinf = box(b"dinf", full(b"dref", struct.pack(">I", 1) + full(b"url ", b"", 0)))
    information = box(b"minf", header + dinf + sample_tables(stbl, samples) + minf)
    hdlr = full(b"hdlr", bytes(4) + handler + bytes(12) + b"Handler\0")
    media = box(b"mdia", full(b"mdhd", TIMES + bytes(12)) + hdlr + information + mdia)
    edits = box(b"edts", full(b"elst", struct.pack(">IIIHH", 1, 1000, 0, 1, 0)) + edts)
    return box(b"trak", full(b"tkhd", TIMES + bytes(72)) + edits + media + trak)


def mp4(padding: int = 1000, *, moov_extra: bytes = b"", track_extra: bytes = b"", top_extra: bytes = b"",
        tracks: tuple[bytes, ...] | None = None) -> bytes:
    """An MP4's skeleton: ftyp, a moov holding a video track and a udta with a ©xyz location, an mdat."""
    tracks = tracks if tracks is not None else (track(mdia=track_extra),)
    moov = box(b"moov", full(b"mvhd", TIMES + bytes(88)) + b"".join(tracks) + location_udta() + moov_extra)
    return FTYP + moov + top_extra + box(b"mdat", bytes(padding))


NOT_A_JPEG = b"\xff\xd8\xff\xe0" + b"this is a text file pretending to be a JPEG " * 20
