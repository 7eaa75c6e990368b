"""The WhatsApp thread in the API: a ticket's citizen messages, for whoever may read the ticket."""

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from cozum.attachments.types import Attachment
from cozum.context import Info
from cozum.kit.relay import Node, to_global_id
from cozum.whatsapp import models

if TYPE_CHECKING:
    from cozum.tickets.types import Ticket


@strawberry.enum(description="What a citizen sent on WhatsApp.")
class WhatsAppMessageType(Enum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    DOCUMENT = "document"
    AUDIO = "audio"
    LOCATION = "location"
    OTHER = "other"


def _type_of(value: str) -> WhatsAppMessageType:
    try:
        return WhatsAppMessageType(value)
    except ValueError:
        return WhatsAppMessageType.OTHER


@strawberry.type(description="A message a citizen sent to the WhatsApp line, as it landed on a ticket.")
class WhatsAppMessage(Node):
    type: WhatsAppMessageType
    text: str | None = strawberry.field(description="The text, or the media's caption.")
    sent_at: datetime = strawberry.field(description="When the citizen sent it (WhatsApp's time).")
    latitude: float | None
    longitude: float | None
    place: str | None = strawberry.field(description="A shared location's name and address.")
    media_problem: str | None = strawberry.field(
        description="Why the photo, video or file the message carried is not on the ticket."
    )
    ticket_pk: strawberry.Private[int]
    attachment_pk: strawberry.Private[int | None]
    split_from_pk: strawberry.Private[int | None]

    @strawberry.field(description="The photo or video the message carried, once stored.")  # type: ignore[untyped-decorator]
    async def attachment(self, info: Info) -> Attachment | None:
        if self.attachment_pk is None:
            return None
        # The ticket's attachments, read once for the whole thread (and for Ticket.attachments).
        rows = await info.context.loaders.attachments_by_ticket_id.load(self.ticket_pk)
        row = next((row for row in rows if row.id == self.attachment_pk), None)
        return Attachment.from_row(row) if row else None

    @strawberry.field(description="The ticket staff split this message off, if they did.")  # type: ignore[untyped-decorator]
    async def split_from_ticket(
        self, info: Info
    ) -> Annotated["Ticket", strawberry.lazy("cozum.tickets.types")] | None:
        from cozum.tickets.types import Ticket

        if self.split_from_pk is None:
            return None
        row = await info.context.loaders.ticket_by_id.load(self.split_from_pk)
        return Ticket.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.WhatsAppMessage) -> "WhatsAppMessage":
        assert row.id is not None and row.ticket_id is not None
        return cls(
            id=to_global_id("WhatsAppMessage", row.id), type=_type_of(row.type), text=row.text, sent_at=row.sent_at,
            latitude=row.latitude, longitude=row.longitude, place=row.place, media_problem=row.media_problem,
            ticket_pk=row.ticket_id, attachment_pk=row.attachment_id, split_from_pk=row.split_from_ticket_id,
        )
