"""Photos: opened by Pillow from their bytes, GPS read, then written anew from pixels only.

The stored copy never carries the upload's metadata: EXIF (camera, time, GPS), XMP, comments
and the colour profile all stay behind, because the copy is a fresh image built from the
decoded pixels (turned upright first, and into sRGB when a profile said otherwise).
"""

import io
import math
import struct
from dataclasses import dataclass

from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

try:  # HEIC/HEIF (iPhone photos), when the wheel with libheif is installed
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow_heif is a dependency; without it HEIC is refused
    pass

# A decoded 40 MP photo is 120 MB of RGB: past this a "photo" is refused before it is decoded.
MAX_PIXELS = 40_000_000
# PNG, WebP and HEIC squeeze flat areas to almost nothing (a 190 KB PNG can hold 49 MP of one
# colour): a large image of more pixels per byte of file than this is a decompression bomb, not a
# photo (a real one has about one). JPEG is spared: draft() decodes it at a fraction of its size.
BOMB_PIXELS_PER_BYTE = 64
BOMB_FLOOR = 4_000_000  # smaller images decode cheaply, however flat
# No other Pillow parser ever sees an upload. MPO has no opener of its own: JPEG's returns it.
_OPENED = ["JPEG", "PNG", "WEBP", "HEIF"]
MAX_SIDE = 2560  # the stored copy's longest side; phones' portal resizes to less already
THUMBNAIL_SIDE = 480
JPEG_QUALITY = 85

# What Pillow reported → how the clean copy is written (HEIF has no browser support: JPEG).
# MPO is a JPEG with more pictures after the first (depth maps, previews): many phones write it.
_JPEG = ("JPEG", "image/jpeg", "jpg")
_OUTPUT = {"JPEG": _JPEG, "MPO": _JPEG, "HEIF": _JPEG, "PNG": ("PNG", "image/png", "png"),
           "WEBP": ("WEBP", "image/webp", "webp")}
# What Pillow raises on input it cannot make sense of (a hostile file reaches its parsers).
_BROKEN = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, struct.error,
           IndexError, TypeError, KeyError, ZeroDivisionError, Image.DecompressionBombError)


class NotAPhoto(Exception):
    pass


class TooManyPixels(Exception):
    pass


@dataclass(frozen=True)
class Photo:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int
    thumbnail: bytes
    latitude: float | None
    longitude: float | None


def _degrees(value: object, ref: object) -> float | None:
    try:
        degrees, minutes, seconds = (float(part) for part in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    result = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(result):
        return None
    return -result if str(ref).strip().upper() in ("S", "W") else result


def read_gps(image: Image.Image) -> tuple[float, float] | None:
    """Where the camera said the photo was taken, if it said so plausibly."""
    gps = image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    latitude = _degrees(gps.get(ExifTags.GPS.GPSLatitude), gps.get(ExifTags.GPS.GPSLatitudeRef))
    longitude = _degrees(gps.get(ExifTags.GPS.GPSLongitude), gps.get(ExifTags.GPS.GPSLongitudeRef))
    if latitude is None or longitude is None or not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude == 0 and longitude == 0:
        return None  # "no fix" as some phones write it
    return round(latitude, 6), round(longitude, 6)


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: the pixels as they are, slightly off in colour at worst
    return converted if converted is not None else image


def _pixels_only(image: Image.Image, keep_alpha: bool) -> Image.Image:
    """A new image holding the pixels and nothing else (no `info`, no palette tricks)."""
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "L" if image.mode in ("L", "1") else "RGBA" if keep_alpha and has_alpha else "RGB"
    if has_alpha and mode == "RGB":  # flattened onto white, as a viewer would show it
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())


def _encode(image: Image.Image, format_: str, quality: int = JPEG_QUALITY) -> bytes:
    out = io.BytesIO()
    options = {"quality": quality} if format_ in ("JPEG", "WEBP") else {}
    image.save(out, format_, **options)
    return out.getvalue()


def _clean_copy(image: Image.Image, format_: str) -> tuple[Image.Image, bytes]:
    icc = image.info.get("icc_profile")
    # Scaled down first, in place: turning the full-size pixels upright would copy them all. The
    # bounding box is square, so scaling before a quarter turn gives the same size as after.
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    ImageOps.exif_transpose(image, in_place=True)  # the pixels as the camera was held
    upright = image
    if upright.mode == "P":
        upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
    clean = _pixels_only(_to_srgb(upright, icc), keep_alpha=format_ != "JPEG")
    return clean, _encode(clean, format_)


def _thumbnail(image: Image.Image) -> bytes:
    small = _pixels_only(image, keep_alpha=False)
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE), Image.Resampling.LANCZOS)
    return _encode(small, "JPEG", quality=80)


def _check_size(image: Image.Image, file_bytes: int) -> None:
    pixels = image.width * image.height
    if pixels > MAX_PIXELS:
        raise TooManyPixels(image.size)
    if image.format not in ("JPEG", "MPO") and pixels > max(BOMB_FLOOR, BOMB_PIXELS_PER_BYTE * file_bytes):
        raise NotAPhoto(f"{image.size} from {file_bytes} bytes")


def process_photo(data: bytes | bytearray) -> Photo:
    """The stored copy, its thumbnail and the GPS position; NotAPhoto or TooManyPixels."""
    try:
        with Image.open(io.BytesIO(data), formats=_OPENED) as image:
            output = _OUTPUT.get(image.format or "")
            if output is None:
                raise NotAPhoto(image.format)
            _check_size(image, len(data))
            gps = read_gps(image)
            if output is _JPEG and image.format != "HEIF":
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4… when that still suffices
            image.load()
            clean, encoded = _clean_copy(image, output[0])
            thumbnail = _thumbnail(clean)
    except _BROKEN as error:
        raise NotAPhoto(str(error)) from None
    return Photo(
        data=encoded, content_type=output[1], extension=output[2], width=clean.width, height=clean.height,
        thumbnail=thumbnail, latitude=gps[0] if gps else None, longitude=gps[1] if gps else None,
    )
