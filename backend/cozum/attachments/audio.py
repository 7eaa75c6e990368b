"""Voice messages and audio files, in the formats WhatsApp sends, kept byte for byte.

The format is what the bytes say (filetype's signatures): Ogg, MP4 audio (M4A), MP3, AAC (ADTS)
or AMR. An Ogg file is also walked page by page, since it is what a voice message is: whole
pages that fill the file exactly, the first one opening an Opus stream. The rest is the
signature alone: the file is served as its audio type, unsniffable (routes.py), so whatever
else it holds plays or fails to, and nothing runs.
"""

import filetype

# Content type → the extension it is stored under.
FORMATS = {"audio/ogg": "ogg", "audio/mp4": "m4a", "audio/mpeg": "mp3", "audio/aac": "aac", "audio/amr": "amr"}

_PAGE_HEADER = 27  # "OggS", version, flags, granule position, serial, sequence, CRC, segment count
_FIRST_PAGE = 0x02
_OPUS_HEAD = b"OpusHead"


class NotAudio(Exception):
    pass


def audio_type(head: bytes) -> str | None:
    """The content type `head` opens as, if one we take."""
    kind = filetype.audio_match(head)
    return kind.mime if kind is not None and kind.mime in FORMATS else None


def check_ogg_opus(data: bytes | bytearray) -> None:
    """NotAudio unless `data` is whole Ogg pages, the first opening an Opus stream."""
    position = 0
    while position < len(data):
        table = position + _PAGE_HEADER
        if table > len(data) or data[position:position + 4] != b"OggS" or data[position + 4] != 0:
            raise NotAudio
        payload = table + data[position + 26]
        if payload > len(data):
            raise NotAudio
        end = payload + sum(data[table:payload])
        if end > len(data):
            raise NotAudio
        if position == 0 and (not data[5] & _FIRST_PAGE or not data[payload:end].startswith(_OPUS_HEAD)):
            raise NotAudio
        position = end
    if position == 0:
        raise NotAudio


def check_audio(content_type: str, data: bytes | bytearray) -> None:
    if content_type == "audio/ogg":
        check_ogg_opus(data)
