"""What an upload is, decided by its bytes alone: its name and declared type are ignored.

A photo is whatever Pillow opens as JPEG, PNG, WebP or HEIC; a video is an MP4 (an ISO media
file whose `ftyp` brand is an MP4 one, whole boxes, a video track: see videos.py). Each kind has
its size limit, counted while the upload is read, and a request brings ≤ 5 photos or 1 video.
"""

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from starlette.datastructures import UploadFile

from cozum.attachments import slots
from cozum.attachments.images import MAX_PIXELS, NotAPhoto, TooManyPixels, process_photo
from cozum.attachments.models import AttachmentKind
from cozum.attachments.videos import NotAnMp4, clean_mp4
from cozum.config import Settings
from cozum.kit.errors import DomainError, UserErrorCode

logger = logging.getLogger(__name__)

MAX_PHOTOS = 5
_CHUNK = 64 * 1024
_UNSUPPORTED = "This file is not a JPEG, PNG, WebP or HEIC photo or an MP4 video."


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed, as it will be stored."""

    kind: AttachmentKind
    content_type: str
    extension: str
    data: bytes | bytearray  # a video is kept in the one buffer it was read and cleaned in
    sha256: str
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def _too_large(kind: AttachmentKind, limit: int, field: list[str]) -> DomainError:
    what = "A photo" if kind is AttachmentKind.PHOTO else "A video"
    return DomainError(UserErrorCode.FILE_TOO_LARGE, f"{what} may be at most {_mb(limit)}.", field)


def _too_many(field: list[str]) -> DomainError:
    return DomainError(UserErrorCode.TOO_MANY_FILES, "Send at most 5 photos, or one video on its own.", field)


def looks_like_mp4(head: bytes) -> bool:
    kind = filetype.guess(head)
    return kind is not None and kind.mime == "video/mp4"


async def _read(upload: UploadFile, limit: int, first: bytes, kind: AttachmentKind, field: list[str]) -> bytearray:
    """The upload, `first` included, refused as soon as it passes `limit`; one buffer, no copies."""
    data = bytearray(first)
    while chunk := await upload.read(_CHUNK):
        if len(data) + len(chunk) > limit:
            raise _too_large(kind, limit, field)
        data += chunk
    return data


def _video(data: bytearray) -> CheckedFile:
    # Not re-encoded: stored as sent but for the boxes playback does not need (see videos.py).
    clean_mp4(data)
    return CheckedFile(AttachmentKind.VIDEO, "video/mp4", "mp4", data, hashlib.sha256(data).hexdigest())


def _photo(data: bytearray) -> CheckedFile:
    photo = process_photo(data)
    return CheckedFile(
        AttachmentKind.PHOTO, photo.content_type, photo.extension, photo.data, hashlib.sha256(photo.data).hexdigest(),
        photo.thumbnail, photo.width, photo.height, photo.latitude, photo.longitude,
    )


async def check_file(upload: object, settings: Settings, field: list[str], *, alone: bool = True) -> CheckedFile:
    """One upload; `alone` is False when others come with it (a video must come alone)."""
    unsupported = DomainError(UserErrorCode.UNSUPPORTED_FILE, _UNSUPPORTED, field)
    if not isinstance(upload, UploadFile):  # the Upload scalar lets nothing else through
        raise unsupported
    await upload.seek(0)
    head = await upload.read(_CHUNK)
    kind = AttachmentKind.VIDEO if looks_like_mp4(head) else AttachmentKind.PHOTO
    if kind is AttachmentKind.VIDEO and not alone:
        raise _too_many(field)
    limit = settings.max_video_bytes if kind is AttachmentKind.VIDEO else settings.max_photo_bytes
    if len(head) > limit or (upload.size or 0) > limit:
        raise _too_large(kind, limit, field)
    try:  # read and checked in a worker thread, a few files at a time (see slots.py)
        return await slots.run_in_slot(
            lambda: _read(upload, limit, head, kind, field), _video if kind is AttachmentKind.VIDEO else _photo
        )
    except slots.Busy:
        message = "Many files are being checked just now; try again in a minute."
        raise DomainError(UserErrorCode.TOO_MANY_ATTEMPTS, message, field) from None
    except (NotAnMp4, NotAPhoto):
        raise unsupported from None
    except TooManyPixels:
        message = f"A photo may have at most {MAX_PIXELS // 1_000_000} megapixels."
        raise DomainError(UserErrorCode.FILE_TOO_LARGE, message, field) from None
    except DomainError:
        raise
    except Exception:
        # A parser's own bug meeting a hostile file (RecursionError, MemoryError…): a file we
        # could not read, like any other; logged, since it should not happen.
        logger.warning("Checking an upload failed unexpectedly; refused", exc_info=True)
        raise unsupported from None


async def check_files(uploads: Sequence[object], settings: Settings, field: list[str]) -> list[CheckedFile]:
    """Every upload of a request, in order; the first refusal names its index."""
    if len(uploads) > MAX_PHOTOS:
        raise _too_many([*field, str(MAX_PHOTOS)])
    for index, upload in enumerate(uploads):
        # The multipart map may put one file in several places; stored twice it would count twice.
        if any(upload is earlier for earlier in uploads[:index]):
            message = "The same file is sent twice; send each once."
            raise DomainError(UserErrorCode.INVALID, message, [*field, str(index)])
    alone = len(uploads) == 1
    return [await check_file(upload, settings, [*field, str(i)], alone=alone) for i, upload in enumerate(uploads)]
