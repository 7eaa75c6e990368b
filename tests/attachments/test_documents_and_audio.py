"""PDFs and audio files: taken, byte for byte, only where the caller asks for them (WhatsApp's
media); whole files only; served so that no browser renders or sniffs them in our origin."""

import hashlib
import io
import struct
from pathlib import Path

import filetype
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.datastructures import UploadFile

from cozum.attachments.checks import CheckedFile, check_file
from cozum.attachments.kinds import ANY_KIND
from cozum.attachments.models import AttachmentKind
from cozum.attachments.storage import LocalStorage, new_key, storage_for
from cozum.config import Settings
from cozum.kit.errors import DomainError, UserErrorCode
from tests.attachments import media
from tests.attachments.helpers import table_count
from tests.attachments.pdf_ogg import ogg_opus, ogg_page, pdf
from tests.attachments.test_hostile_uploads import errors, submit
from tests.attachments.test_staff_attachments import add
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import new_ticket

# An M4A's first box, as phones write it: the audio brand first, then the ISO ones.
M4A = media.box(b"ftyp", b"M4A " + struct.pack(">I", 0) + b"M4A mp42isom") + media.box(b"mdat", bytes(64))
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(400)
AMR = b"#!AMR\n" + b"\x3c" + bytes(31)


async def checked(data: bytes, settings: Settings, **options: object) -> CheckedFile:
    upload = UploadFile(io.BytesIO(data), size=len(data), filename="whatever.bin")
    return await check_file(upload, settings, ["media"], **options)  # type: ignore[arg-type]


async def refused(data: bytes, settings: Settings, **options: object) -> DomainError:
    with pytest.raises(DomainError) as raised:
        await checked(data, settings, **options)
    return raised.value


async def test_a_pdf_is_a_document_kept_byte_for_byte(settings: Settings) -> None:
    data = pdf(pages=2)
    file = await checked(data, settings, accept=ANY_KIND)
    assert (file.kind, file.content_type, file.extension) == (AttachmentKind.DOCUMENT, "application/pdf", "pdf")
    assert bytes(file.data) == data and file.sha256 == hashlib.sha256(data).hexdigest()
    assert file.thumbnail is None and file.width is None


async def test_an_ogg_opus_voice_message_is_audio_kept_byte_for_byte(settings: Settings) -> None:
    data = ogg_opus()
    kind = filetype.guess(data)
    assert kind is not None and kind.mime == "audio/ogg"
    file = await checked(data, settings, accept=ANY_KIND)
    assert (file.kind, file.content_type, file.extension) == (AttachmentKind.AUDIO, "audio/ogg", "ogg")
    assert bytes(file.data) == data and file.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(("data", "content_type", "extension"), [
    (M4A, "audio/mp4", "m4a"), (MP3, "audio/mpeg", "mp3"), (AMR, "audio/amr", "amr"),
])
async def test_whatsapps_other_audio_formats_are_audio(
    settings: Settings, data: bytes, content_type: str, extension: str
) -> None:
    file = await checked(data, settings, accept=ANY_KIND)
    assert (file.kind, file.content_type, file.extension, bytes(file.data)) == (
        AttachmentKind.AUDIO, content_type, extension, data)


HTML = b"<html><body><script>fetch('/graphql')</script></body></html>\n"


@pytest.mark.parametrize("data", [
    pytest.param(b"%PDF-1.4\n" + HTML + b"%%EOF\n", id="pdf-header-then-html"),
    pytest.param(b"%PDF-1.4\n" + HTML + b"startxref\n9\n%%EOF\n", id="startxref-at-html"),
    pytest.param(pdf()[:-40], id="truncated"),
    pytest.param(pdf().replace(b"%PDF-1.7", b"%PDF-x.y"), id="no-version"),
    pytest.param(pdf() + b"%" + b"y" * 2000 + b"\n", id="end-not-near-the-end"),
])
async def test_what_only_looks_like_a_pdf_is_refused(settings: Settings, data: bytes) -> None:
    error = await refused(data, settings, accept=ANY_KIND)
    assert error.code is UserErrorCode.UNSUPPORTED_FILE and "a PDF document" in error.message


@pytest.mark.parametrize("data", [
    pytest.param(ogg_opus()[:-10], id="truncated"),
    pytest.param(ogg_page([b"\x01vorbis" + bytes(23)], sequence=0, granule=0, flags=0x02), id="vorbis"),
    pytest.param(ogg_page([b"OpusHead" + bytes(11)], sequence=0, granule=0), id="no-first-page-flag"),
    pytest.param(b"OggS" + HTML, id="html-after-the-magic"),
])
async def test_what_only_looks_like_an_ogg_opus_file_is_refused(settings: Settings, data: bytes) -> None:
    error = await refused(data, settings, accept=ANY_KIND)
    assert error.code is UserErrorCode.UNSUPPORTED_FILE and "audio file" in error.message


async def test_each_kind_has_its_own_size_limit(tmp_path: Path) -> None:
    small = Settings(COZUM_ENV="test", COZUM_DATA_DIR=tmp_path, COZUM_MAX_DOCUMENT_BYTES=2048,
                     COZUM_MAX_AUDIO_BYTES=4096)
    assert (await checked(pdf(padding=1500), small, accept=ANY_KIND)).kind is AttachmentKind.DOCUMENT
    big_pdf = await refused(pdf(padding=2100), small, accept=ANY_KIND)
    assert big_pdf.code is UserErrorCode.FILE_TOO_LARGE and big_pdf.message.startswith("A document may be at most")
    assert len(ogg_opus(frames=800)) < 4096 < len(ogg_opus(frames=1100))
    assert (await checked(ogg_opus(frames=800), small, accept=ANY_KIND)).kind is AttachmentKind.AUDIO
    big_audio = await refused(ogg_opus(frames=1100), small, accept=ANY_KIND)
    assert big_audio.code is UserErrorCode.FILE_TOO_LARGE and big_audio.message.startswith("An audio file may be")
    # The photo limit does not apply to them, nor theirs to photos.
    assert (await checked(media.jpeg((300, 300)), small, accept=ANY_KIND)).kind is AttachmentKind.PHOTO


@pytest.mark.parametrize("data", [pdf(), ogg_opus(), M4A, MP3])
async def test_a_caller_that_does_not_ask_for_them_refuses_documents_and_audio(settings: Settings, data: bytes) -> None:
    error = await refused(data, settings)
    assert error.code is UserErrorCode.UNSUPPORTED_FILE
    assert error.message == "This file is not a JPEG, PNG, WebP or HEIC photo or an MP4 video."


async def test_the_web_form_refuses_a_pdf_and_a_voice_message(client: GraphQLClient, engine: AsyncEngine) -> None:
    for name, data, declared in (("dilekce.pdf", pdf(), "application/pdf"), ("ses.ogg", ogg_opus(), "audio/ogg")):
        payload = await submit(client, {"input.attachments.0": (name, data, declared)})
        assert errors(payload) == [(["input", "attachments", "0"], "UNSUPPORTED_FILE")], name
    assert await table_count(engine, "tickets") == 0


async def test_staff_uploads_refuse_a_pdf_and_a_voice_message(staff: GraphQLClient, engine: AsyncEngine) -> None:
    ticket = await new_ticket(staff)
    for data in (pdf(), ogg_opus()):
        payload = await add(staff, ticket["id"], data)
        assert [e["code"] for e in payload["userErrors"]] == ["UNSUPPORTED_FILE"]
    assert await table_count(engine, "attachments") == 0


async def stored(settings: Settings, file: CheckedFile) -> tuple[str, str]:
    """The file put where attach() puts it, and its signed URL."""
    storage = storage_for(settings)
    assert isinstance(storage, LocalStorage)
    key = new_key(file.extension)
    await storage.put(key, file.data, file.content_type)
    return key, storage.url(key, 3600)


async def test_a_document_is_served_as_a_sandboxed_unsniffable_download(
    http: httpx.AsyncClient, settings: Settings
) -> None:
    data = pdf()
    key, url = await stored(settings, await checked(data, settings, accept=ANY_KIND))
    response = await http.get(url)
    assert response.status_code == 200 and response.content == data
    assert hashlib.sha256(response.content).hexdigest() == hashlib.sha256(data).hexdigest()
    assert response.headers["content-type"] == "application/pdf"
    name = key.rsplit("/", 1)[1]
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].split(";")[0] == "sandbox"


async def test_a_voice_message_is_served_inline_as_its_audio_type(http: httpx.AsyncClient, settings: Settings) -> None:
    data = ogg_opus()
    _, url = await stored(settings, await checked(data, settings, accept=ANY_KIND))
    response = await http.get(url)
    assert response.status_code == 200 and response.content == data
    assert response.headers["content-type"] == "audio/ogg"
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("sandbox;")
    ranged = await http.get(url, headers={"Range": "bytes=0-3"})
    assert ranged.status_code == 206 and ranged.content == b"OggS"  # seekable in an <audio> element
