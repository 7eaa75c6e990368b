"""Every fixture in, signed: the tickets, contacts, attachments and places they make, once each."""

import asyncio
import base64
import hashlib

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.attachments.images import process_photo
from cozum.attachments.storage import LocalStorage, storage_for
from cozum.attachments.videos import clean_mp4
from cozum.config import Settings
from tests.whatsapp.graph import GraphServer
from tests.whatsapp.helpers import (
    AUDIO_ID,
    DOCUMENT_ID,
    IMAGE_ID,
    VIDEO_ID,
    WA_ID,
    Watcher,
    fixture,
    message_of,
    post,
    rows,
    scalar,
    settled,
    voice,
)

ORDER = ["text", "image", "video", "location", "document", "status-delivered"]


def _stored_file(settings: Settings, key: str) -> bytes:
    storage = storage_for(settings)
    assert isinstance(storage, LocalStorage)
    return storage.path(key).read_bytes()


def _cleaned_video(data: bytes) -> bytes:
    copy = bytearray(data)
    clean_mp4(copy)  # what any upload's video goes through: the boxes playback needs, nothing else
    return bytes(copy)


async def test_every_fixture_lands_on_one_ticket_of_one_contact(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, settings: Settings
) -> None:
    for name in ORDER:  # in the order the citizen sent them, each processed before the next
        assert (await post(http, fixture(name))).status_code == 200
        await settled(engine, processor)
    events = await rows(engine, "SELECT status, last_error FROM inbound_events ORDER BY id")
    assert [e["status"] for e in events] == ["PROCESSED"] * len(ORDER), events

    [contact] = await rows(engine, "SELECT id, name, phone, last_whatsapp_message_at FROM contacts")
    assert (contact["name"], contact["phone"]) == ("Ayşe Yılmaz", f"+{WA_ID}")
    assert int(contact["last_whatsapp_message_at"].timestamp()) == int(message_of(fixture("document"))["timestamp"])
    [ticket] = await rows(engine, "SELECT * FROM tickets")
    assert (ticket["channel"], ticket["reply_channel"], ticket["contact_id"]) == ("WHATSAPP", "WHATSAPP", contact["id"])
    assert ticket["description"] == message_of(fixture("text"))["text"]["body"]
    assert ticket["channel_reference"] == message_of(fixture("text"))["id"]
    assert ticket["privacy_notice_version"] == "2026-12"
    assert await scalar(engine, "SELECT c.code FROM categories c WHERE c.id = :id", id=ticket["category_id"]) == "OTHER"
    # The location came after the ticket had none: it is the ticket's now, and said on the timeline.
    assert (ticket["latitude"], ticket["longitude"]) == (38.2059, 37.1983)
    assert ticket["address"] == "Elbistan, Cumhuriyet Mah. 12. Sk., Elbistan/Kahramanmaraş"

    messages = await rows(engine, "SELECT * FROM whatsapp_messages ORDER BY sent_at")
    assert [m["type"] for m in messages] == ["text", "image", "video", "location", "document"]
    assert {m["ticket_id"] for m in messages} == {ticket["id"]}
    assert [m["wamid"] for m in messages] == [message_of(fixture(n))["id"] for n in ORDER[:5]]
    timeline = await rows(engine, "SELECT id, type, message FROM ticket_events WHERE ticket_id = :id ORDER BY id",
                          id=ticket["id"])
    by_id = {e["id"]: e for e in timeline}
    assert [by_id[m["ticket_event_id"]]["type"] for m in messages] == ["CREATED"] + ["CITIZEN_MESSAGE"] * 4
    assert by_id[messages[1]["ticket_event_id"]]["message"] == "Çukurun fotoğrafı"
    assert "38.205900, 37.198300" in by_id[messages[3]["ticket_event_id"]]["message"]

    attachments = {a["id"]: a for a in await rows(engine, "SELECT * FROM attachments WHERE ticket_id = :id",
                                                       id=ticket["id"])}
    image, video, document = messages[1], messages[2], messages[4]
    for message, media_id in ((image, IMAGE_ID), (video, VIDEO_ID), (document, DOCUMENT_ID)):
        served = graph.media[media_id].data
        assert message["media_problem"] is None and message["attachment_id"] in attachments
        # What the Graph API served, checked against its sha256 and kept as evidence.
        assert message["media_sha256"] == hashlib.sha256(served).hexdigest()
        assert base64.b64encode(bytes.fromhex(message["media_sha256"])).decode() == graph.media[media_id].sha256
    stored_video = attachments[video["attachment_id"]]
    cleaned_video = _cleaned_video(graph.media[VIDEO_ID].data)
    assert stored_video["kind"] == "VIDEO" and _stored_file(settings, stored_video["storage_key"]) == cleaned_video
    assert stored_video["sha256"] == hashlib.sha256(cleaned_video).hexdigest()
    # A photo is stored as any upload is: re-encoded from its pixels, without what the file carried.
    stored_photo = attachments[image["attachment_id"]]
    cleaned = process_photo(graph.media[IMAGE_ID].data).data
    assert stored_photo["kind"] == "PHOTO" and _stored_file(settings, stored_photo["storage_key"]) == cleaned
    assert stored_photo["sha256"] == hashlib.sha256(cleaned).hexdigest()
    # A PDF is kept as Meta served it: the bytes staff open are the bytes the citizen sent.
    stored_document = attachments[document["attachment_id"]]
    served_pdf = graph.media[DOCUMENT_ID].data
    assert (stored_document["kind"], stored_document["content_type"]) == ("DOCUMENT", "application/pdf")
    assert _stored_file(settings, stored_document["storage_key"]) == served_pdf
    assert stored_document["sha256"] == document["media_sha256"] == hashlib.sha256(served_pdf).hexdigest()
    assert stored_document["thumbnail_key"] is None and stored_document["byte_size"] == len(served_pdf)
    assert document["text"] == "Dilekçe"
    assert len(attachments) == 3

    [receipt] = await rows(engine, "SELECT * FROM delivery_receipts")
    assert (receipt["status"], receipt["outbox_id"]) == ("delivered", None)  # not one of ours: kept, unmatched


async def test_the_same_call_five_times_in_a_row_and_at_once_is_one_ticket(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher
) -> None:
    for _ in range(5):
        assert (await post(http, fixture("image"))).status_code == 200
    answers = await asyncio.gather(*[post(http, fixture("image")) for _ in range(5)])
    assert [a.status_code for a in answers] == [200] * 5
    await settled(engine, processor)
    statuses = await rows(engine, "SELECT status FROM inbound_events")
    assert [s["status"] for s in statuses] == ["PROCESSED"] * 10
    assert await scalar(engine, "SELECT count(*) FROM tickets") == 1
    assert await scalar(engine, "SELECT count(*) FROM whatsapp_messages") == 1
    assert await scalar(engine, "SELECT count(*) FROM attachments") == 1
    assert await scalar(engine, "SELECT count(*) FROM contacts") == 1
    assert await scalar(engine, "SELECT count(*) FROM outbox") == 1  # one "received" message, not ten


async def test_a_voice_message_becomes_an_audio_attachment_of_the_bytes_meta_served(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer, settings: Settings
) -> None:
    served = graph.media[AUDIO_ID]
    assert (await post(http, voice("wamid.VOICE1", served.sha256))).status_code == 200
    await settled(engine, processor)
    [message] = await rows(engine, "SELECT * FROM whatsapp_messages")
    assert message["type"] == "audio" and message["media_problem"] is None
    [attachment] = await rows(engine, "SELECT * FROM attachments")
    assert message["attachment_id"] == attachment["id"] and attachment["ticket_id"] == message["ticket_id"]
    assert (attachment["kind"], attachment["content_type"], attachment["thumbnail_key"]) == ("AUDIO", "audio/ogg", None)
    assert _stored_file(settings, attachment["storage_key"]) == served.data
    assert attachment["sha256"] == message["media_sha256"] == hashlib.sha256(served.data).hexdigest()
    assert attachment["public"] is True  # the citizen's own, like their photos


async def test_an_audio_file_that_is_not_one_is_a_media_problem(
    http: httpx.AsyncClient, engine: AsyncEngine, processor: Watcher, graph: GraphServer
) -> None:
    graph.media[AUDIO_ID].data = b"OggS" + b"<html><script>alert(1)</script></html>"
    assert (await post(http, voice("wamid.VOICE2", graph.media[AUDIO_ID].sha256))).status_code == 200
    await settled(engine, processor)
    [message] = await rows(engine, "SELECT attachment_id, media_problem, ticket_id FROM whatsapp_messages")
    assert message["attachment_id"] is None and "audio file" in message["media_problem"]
    assert message["ticket_id"] is not None and await rows(engine, "SELECT id FROM attachments") == []
