"""What an upload is, decided by its bytes alone: its name and declared type are ignored.

A photo is whatever Pillow opens as JPEG, PNG, WebP or HEIC; a video is an MP4 (an ISO media
file whose `ftyp` brand is an MP4 one, whole boxes, a video track: see videos.py). Each kind has
its size limit, counted while the upload is read, and a request brings ≤ 5 photos or 1 video.
Where the caller takes them (`accept`: WhatsApp's media), a whole PDF (documents.py) and a voice
message or audio file (audio.py) too, kept byte for byte; the web form and staff take neither.
"""

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from starlette.datastructures import UploadFile

from cozum.attachments import slots
from cozum.attachments.audio import FORMATS as AUDIO_FORMATS
from cozum.attachments.audio import NotAudio, check_audio
from cozum.attachments.documents import NotAPdf, check_pdf
from cozum.attachments.images import MAX_PIXELS, NotAPhoto, TooManyPixels, process_photo
from cozum.attachments.kinds import PHOTO_OR_VIDEO, kind_of, limit_of, too_large, unsupported
from cozum.attachments.models import AttachmentKind
from cozum.attachments.videos import NotAnMp4, clean_mp4
from cozum.config import Settings
from cozum.kit.errors import DomainError, UserErrorCode

logger = logging.getLogger(__name__)

MAX_PHOTOS = 5
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed, as it will be stored."""

    kind: AttachmentKind
    content_type: str
    extension: str
    data: bytes | bytearray  # a video, PDF or audio file: the one buffer it was read (and cleaned) in
    sha256: str
    thumbnail: bytes | None = None
    width: int | None = None
    height: int | None = None
    latitude: float | None = None
    longitude: float | None = None


def _too_many(field: list[str]) -> DomainError:
    return DomainError(UserErrorCode.TOO_MANY_FILES, "Send at most 5 photos, or one video on its own.", field)


async def _read(upload: UploadFile, limit: int, first: bytes, kind: AttachmentKind, field: list[str]) -> bytearray:
    """The upload, `first` included, refused as soon as it passes `limit`; one buffer, no copies."""
    data = bytearray(first)
    while chunk := await upload.read(_CHUNK):
        if len(data) + len(chunk) > limit:
            raise too_large(kind, limit, field)
        data += chunk
    return data


def _document(data: bytearray) -> CheckedFile:
    check_pdf(data)
    return CheckedFile(AttachmentKind.DOCUMENT, "application/pdf", "pdf", data, hashlib.sha256(data).hexdigest())


def _audio(content_type: str) -> Callable[[bytearray], CheckedFile]:
    def checked(data: bytearray) -> CheckedFile:
        check_audio(content_type, data)
        extension = AUDIO_FORMATS[content_type]
        return CheckedFile(AttachmentKind.AUDIO, content_type, extension, data, hashlib.sha256(data).hexdigest())

    return checked


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


def _checker(kind: AttachmentKind, content_type: str | None) -> Callable[[bytearray], CheckedFile]:
    if kind is AttachmentKind.AUDIO:
        assert content_type is not None
        return _audio(content_type)
    return {AttachmentKind.PHOTO: _photo, AttachmentKind.VIDEO: _video, AttachmentKind.DOCUMENT: _document}[kind]


async def check_file(
    upload: object, settings: Settings, field: list[str], *, alone: bool = True,
    accept: frozenset[AttachmentKind] = PHOTO_OR_VIDEO,
) -> CheckedFile:
    """One upload, of a kind in `accept`; `alone` is False when others come with it (a video
    must come alone)."""
    refused = unsupported(accept, field)
    if not isinstance(upload, UploadFile):  # the Upload scalar lets nothing else through
        raise refused
    await upload.seek(0)
    head = await upload.read(_CHUNK)
    kind, content_type = kind_of(head, accept)
    if kind not in accept:
        raise refused
    if kind is AttachmentKind.VIDEO and not alone:
        raise _too_many(field)
    limit = limit_of(kind, settings)
    if len(head) > limit or (upload.size or 0) > limit:
        raise too_large(kind, limit, field)
    try:  # read and checked in a worker thread, a few files at a time (see slots.py)
        return await slots.run_in_slot(lambda: _read(upload, limit, head, kind, field), _checker(kind, content_type))
    except slots.Busy:
        message = "Many files are being checked just now; try again in a minute."
        raise DomainError(UserErrorCode.TOO_MANY_ATTEMPTS, message, field) from None
    except (NotAnMp4, NotAPhoto, NotAPdf, NotAudio):
        raise refused from None
    except TooManyPixels:
        message = f"A photo may have at most {MAX_PIXELS // 1_000_000} megapixels."
        raise DomainError(UserErrorCode.FILE_TOO_LARGE, message, field) from None
    except DomainError:
        raise
    except Exception:
        # A parser's own bug meeting a hostile file (RecursionError, MemoryError…): a file we
        # could not read, like any other; logged, since it should not happen.
        logger.warning("Checking an upload failed unexpectedly; refused", exc_info=True)
        raise refused from None


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
