"""What an upload is, decided by its bytes alone: its name and declared type are ignored.

A photo is whatever Pillow opens as JPEG, PNG, WebP or HEIC; a video is an MP4 (an ISO media
file whose `ftyp` brand is an MP4 one, with well-formed boxes and a `moov`, see videos.py). Each kind has its
size limit, counted while the upload is read, and a request brings ≤ 5 photos or 1 video.
"""

import asyncio
import hashlib
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from starlette.datastructures import UploadFile

from cozum.attachments.images import NotAPhoto, TooManyPixels, process_photo
from cozum.attachments.models import AttachmentKind
from cozum.attachments.videos import NotAnMp4, clean_mp4
from cozum.config import Settings
from cozum.kit.errors import DomainError, UserErrorCode

MAX_PHOTOS = 5
# Decoding is the memory-hungry part (a 50 MP photo is 150 MB of pixels): a few at a time per
# process, whatever arrives at once. One semaphore per event loop (tests run several).
DECODES_AT_ONCE = 2
_decoding: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()
_CHUNK = 64 * 1024
_UNSUPPORTED = "This file is not a JPEG, PNG, WebP or HEIC photo or an MP4 video."


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed, as it will be stored."""

    kind: AttachmentKind
    content_type: str
    extension: str
    data: bytes
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    latitude: float | None = None
    longitude: float | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


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


def _video(data: bytearray) -> bytes:
    clean_mp4(data)
    return bytes(data)


async def check_file(upload: object, settings: Settings, field: list[str], *, alone: bool = True) -> CheckedFile:
    """One upload; `alone` is False when others come with it (a video must come alone)."""
    if not isinstance(upload, UploadFile):  # the Upload scalar lets nothing else through
        raise DomainError(UserErrorCode.UNSUPPORTED_FILE, _UNSUPPORTED, field)
    await upload.seek(0)
    head = await upload.read(_CHUNK)
    kind = AttachmentKind.VIDEO if looks_like_mp4(head) else AttachmentKind.PHOTO
    if kind is AttachmentKind.VIDEO and not alone:
        raise _too_many(field)
    limit = settings.max_video_bytes if kind is AttachmentKind.VIDEO else settings.max_photo_bytes
    if len(head) > limit:
        raise _too_large(kind, limit, field)
    data = await _read(upload, limit, head, kind, field)
    slots = _decoding.setdefault(asyncio.get_running_loop(), asyncio.Semaphore(DECODES_AT_ONCE))
    if kind is AttachmentKind.VIDEO:
        # Not re-encoded: stored as sent but for its metadata boxes (see videos.py); the walk runs
        # off the event loop and among the decodes, so a crafted file cannot stall the server.
        try:
            async with slots:
                video = await asyncio.to_thread(_video, data)
        except NotAnMp4:
            raise DomainError(UserErrorCode.UNSUPPORTED_FILE, _UNSUPPORTED, field) from None
        return CheckedFile(kind, "video/mp4", "mp4", video)
    try:
        async with slots:
            photo = await asyncio.to_thread(process_photo, bytes(data))
    except NotAPhoto:
        raise DomainError(UserErrorCode.UNSUPPORTED_FILE, _UNSUPPORTED, field) from None
    except TooManyPixels:
        raise DomainError(UserErrorCode.FILE_TOO_LARGE, "A photo may have at most 50 megapixels.", field) from None
    return CheckedFile(
        AttachmentKind.PHOTO, photo.content_type, photo.extension, photo.data, photo.thumbnail,
        photo.width, photo.height, photo.latitude, photo.longitude,
    )


async def check_files(uploads: Sequence[object], settings: Settings, field: list[str]) -> list[CheckedFile]:
    """Every upload of a request, in order; the first refusal names its index."""
    if len(uploads) > MAX_PHOTOS:
        raise _too_many([*field, str(MAX_PHOTOS)])
    alone = len(uploads) == 1
    return [await check_file(upload, settings, [*field, str(i)], alone=alone) for i, upload in enumerate(uploads)]
