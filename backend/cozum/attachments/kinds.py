"""Which kind an upload is, from its first bytes, and what each kind may weigh and is called."""

import filetype

from cozum.attachments.audio import audio_type
from cozum.attachments.documents import looks_like_pdf
from cozum.attachments.models import AttachmentKind
from cozum.config import Settings
from cozum.kit.errors import DomainError, UserErrorCode

PHOTO_OR_VIDEO = frozenset({AttachmentKind.PHOTO, AttachmentKind.VIDEO})
ANY_KIND = frozenset(AttachmentKind)
_NAMES = {
    AttachmentKind.PHOTO: ("A photo", "a JPEG, PNG, WebP or HEIC photo"),
    AttachmentKind.VIDEO: ("A video", "an MP4 video"),
    AttachmentKind.DOCUMENT: ("A document", "a PDF document"),
    AttachmentKind.AUDIO: ("An audio file", "an audio file (Ogg Opus, M4A, MP3, AAC or AMR)"),
}


def limit_of(kind: AttachmentKind, settings: Settings) -> int:
    return {
        AttachmentKind.PHOTO: settings.max_photo_bytes, AttachmentKind.VIDEO: settings.max_video_bytes,
        AttachmentKind.DOCUMENT: settings.max_document_bytes, AttachmentKind.AUDIO: settings.max_audio_bytes,
    }[kind]


def too_large(kind: AttachmentKind, limit: int, field: list[str]) -> DomainError:
    message = f"{_NAMES[kind][0]} may be at most {limit / (1024 * 1024):g} MB."
    return DomainError(UserErrorCode.FILE_TOO_LARGE, message, field)


def unsupported(accept: frozenset[AttachmentKind], field: list[str]) -> DomainError:
    """Naming what the caller would have taken."""
    kinds = [_NAMES[kind][1] for kind in AttachmentKind if kind in accept]
    listed = kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"
    return DomainError(UserErrorCode.UNSUPPORTED_FILE, f"This file is not {listed}.", field)


def looks_like_mp4(head: bytes) -> bool:
    kind = filetype.guess(head)
    return kind is not None and kind.mime == "video/mp4"


def kind_of(head: bytes, accept: frozenset[AttachmentKind]) -> tuple[AttachmentKind, str | None]:
    """What the first bytes say the file is, and for an audio file its content type. Anything
    else is taken for a photo, which Pillow then opens or refuses."""
    if AttachmentKind.DOCUMENT in accept and looks_like_pdf(head):
        return AttachmentKind.DOCUMENT, None
    # Before the MP4 test: an M4A is an ISO media file too, and filetype calls some of them video.
    sound = audio_type(head) if AttachmentKind.AUDIO in accept else None
    if sound is not None:
        return AttachmentKind.AUDIO, sound
    return (AttachmentKind.VIDEO if looks_like_mp4(head) else AttachmentKind.PHOTO), None
