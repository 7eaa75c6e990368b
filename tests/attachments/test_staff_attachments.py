"""Staff attach files when creating a ticket or later; they see every attachment with signed URLs."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from cozum.auth.models import StaffRole
from tests.attachments import media
from tests.attachments.helpers import attachment_rows, photos, post_files, table_count, upload
from tests.conftest import signed_in
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.helpers import category_ids, new_ticket

CREATE = """
mutation($input: CreateTicketInput!) {
  createTicket(input: $input) {
    secret ticket { id reference location { latitude longitude } attachments { kind addedBy latitude } }
    userErrors { field code }
  }
}
"""

ADD = """
mutation($input: AddAttachmentInput!) {
  addAttachment(input: $input) {
    attachment { id kind contentType byteSize width height public latitude longitude url thumbnailUrl addedBy createdAt }
    ticket { id attachments { id public } }
    userErrors { field code message }
  }
}
"""

TICKET = """
query($id: ID!) { node(id: $id) { ... on Ticket { attachments { id kind public url thumbnailUrl } } } }
"""

TRACK = """
query($reference: String!, $secret: String!) {
  trackRequest(reference: $reference, secret: $secret) { attachments { kind } timeline { type } }
}
"""


async def add(staff: GraphQLClient, ticket_id: str, content: bytes, **extra: Any) -> dict[str, Any]:
    variables = {"input": {"ticketId": ticket_id, "file": None, **extra}}
    files = {"input.file": ("upload.bin", content, "application/octet-stream")}
    payload: dict[str, Any] = (await upload(staff, ADD, variables, files))["addAttachment"]
    return payload


async def test_staff_create_a_ticket_with_a_photo(staff: GraphQLClient) -> None:
    categories = await category_ids(staff)
    input_ = {"channel": "IN_PERSON", "categoryId": categories["ROAD_POTHOLE"],
              "description": "Vatandaş çukurun fotoğrafını getirdi.", "attachments": [None]}
    payload = (await upload(staff, CREATE, {"input": input_}, photos(media.jpeg(gps=media.ELBISTAN))))["createTicket"]
    assert payload["userErrors"] == []
    ticket = payload["ticket"]
    assert ticket["attachments"] == [{"kind": "PHOTO", "addedBy": "Ayşe Operatör", "latitude": media.ELBISTAN[0]}]
    assert ticket["location"] == {"latitude": media.ELBISTAN[0], "longitude": media.ELBISTAN[1]}


async def test_add_attachment_shares_it_with_the_citizen_unless_told_otherwise(staff: GraphQLClient) -> None:
    created = await new_ticket(staff)
    shared = await add(staff, created["id"], media.webp())
    internal = await add(staff, created["id"], media.jpeg(), public=False)
    assert shared["userErrors"] == [] and internal["userErrors"] == []
    attachment = shared["attachment"]
    assert (attachment["kind"], attachment["contentType"], attachment["public"]) == ("PHOTO", "image/webp", True)
    assert (attachment["width"], attachment["height"], attachment["latitude"]) == (40, 30, media.ELBISTAN[0])
    assert attachment["url"].startswith("/files/") and attachment["thumbnailUrl"].startswith("/files/")
    assert [a["public"] for a in internal["ticket"]["attachments"]] == [True, False]
    read_back = (await staff.data(TICKET, {"id": created["id"]}))["node"]
    assert [a["id"] for a in read_back["attachments"]] == [attachment["id"], internal["attachment"]["id"]]


async def test_the_tracking_page_shows_only_shared_attachments(staff: GraphQLClient, client: GraphQLClient) -> None:
    categories = await category_ids(staff)
    payload = await staff.mutate("createTicket", CREATE, {"input": {
        "channel": "PHONE", "categoryId": categories["ROAD_POTHOLE"], "description": "Telefonla bildirildi."}})
    ticket_id, secret = payload["ticket"]["id"], payload["secret"]
    await add(staff, ticket_id, media.jpeg())
    await add(staff, ticket_id, media.png(), public=False)
    tracked = (await client.data(TRACK, {"reference": payload["ticket"]["reference"], "secret": secret}))
    assert tracked["trackRequest"]["attachments"] == [{"kind": "PHOTO"}]
    assert [e["type"] for e in tracked["trackRequest"]["timeline"]] == ["CREATED", "ATTACHMENT_ADDED"]


NODE = "query($id: ID!) { node(id: $id) { ... on Attachment { kind url } } }"


async def test_another_departments_ticket_and_its_attachments_are_not_found(
    app: Any, engine: AsyncEngine, staff: GraphQLClient
) -> None:
    created = await new_ticket(staff, "STRAY_ANIMAL")  # Veteriner İşleri, not Fen İşleri
    attachment_id = (await add(staff, created["id"], media.jpeg()))["attachment"]["id"]
    agent = await signed_in(app, engine, "fen@example.org", "Fen Ajanı", StaffRole.AGENT, "FEN")
    payload = await add(agent, created["id"], media.jpeg())
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "ticketId"], "NOT_FOUND")]
    assert (await agent.data(NODE, {"id": attachment_id}))["node"] is None
    assert (await staff.data(NODE, {"id": attachment_id}))["node"]["kind"] == "PHOTO"
    assert await table_count(engine, "attachments") == 1
    await agent.http.aclose()


async def test_an_unsupported_file_names_the_file_field(staff: GraphQLClient, engine: AsyncEngine) -> None:
    created = await new_ticket(staff)
    payload = await add(staff, created["id"], b"%PDF-1.7 not an image")
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "file"], "UNSUPPORTED_FILE")]
    assert await attachment_rows(engine) == []


async def test_a_staff_upload_without_the_csrf_header_is_refused(staff: GraphQLClient, engine: AsyncEngine) -> None:
    created = await new_ticket(staff)
    variables = {"input": {"ticketId": created["id"], "file": None}}
    files = {"input.file": ("a.jpg", media.jpeg(), "image/jpeg")}
    response = await post_files(staff, ADD, variables, files, headers={"X-CSRF-Token": ""})
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"]["code"] == "CSRF_FAILED"
    assert await table_count(engine, "attachments") == 0
