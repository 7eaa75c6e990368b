"""What staff see of the outbox: a ticket's notifications, and the message templates."""

from datetime import datetime
from enum import Enum

import strawberry

from cozum.context import Info
from cozum.kit.language import Language
from cozum.kit.relay import to_global_id
from cozum.notifications import models
from cozum.notifications.models import NotificationKind, OutboxStatus
from cozum.notifications.templates import placeholders
from cozum.notifications.wording import built_in
from cozum.tickets.enums import ReplyChannel


@strawberry.enum(description="What the provider said of a message after taking it (WhatsApp's receipts).")
class DeliveryStatus(Enum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


# Receipts of one moment in the order they happen: "read" of the same second is the later news.
_PROGRESS = {DeliveryStatus.SENT: 0, DeliveryStatus.DELIVERED: 1, DeliveryStatus.READ: 2, DeliveryStatus.FAILED: 3}


@strawberry.type(description="One thing the provider said of a message: sent, delivered, read or failed.")
class DeliveryReceipt:
    status: DeliveryStatus
    occurred_at: datetime
    error: str | None = strawberry.field(description="Why the provider could not deliver it (FAILED).")

    @classmethod
    def from_row(cls, row: models.DeliveryReceipt) -> "DeliveryReceipt":
        return cls(status=DeliveryStatus(row.status), occurred_at=row.occurred_at, error=row.error)


@strawberry.type(description="One message to the citizen about a ticket, and how its sending went.")
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    channel: ReplyChannel
    status: OutboxStatus
    attempts: int = strawberry.field(description="Tries so far, the one under way included.")
    last_error: str | None = strawberry.field(description="Why the last try failed, or why sending gave up.")
    created_at: datetime
    sent_at: datetime | None
    gave_up_at: datetime | None
    message: str | None = strawberry.field(description="The text as it was sent; null until it is.")
    outbox_pk: strawberry.Private[int]

    @strawberry.field(description="What the provider said of it, oldest first (WhatsApp only).")  # type: ignore[untyped-decorator]
    async def receipts(self, info: Info) -> list[DeliveryReceipt]:
        rows = await info.context.loaders.receipts_by_outbox_id.load(self.outbox_pk)
        return [DeliveryReceipt.from_row(row) for row in rows]

    @strawberry.field(description="The latest receipt's status; null without one.")  # type: ignore[untyped-decorator]
    async def delivery_status(self, info: Info) -> DeliveryStatus | None:
        receipts = await self.receipts(info)
        latest = max(receipts, key=lambda r: (r.occurred_at, _PROGRESS[r.status]), default=None)
        return latest.status if latest else None

    @classmethod
    def from_row(cls, row: models.OutboxMessage) -> "Notification":
        assert row.id is not None
        return cls(
            id=to_global_id("Notification", row.id), kind=row.kind, channel=row.channel, status=row.status,
            attempts=row.attempts, last_error=row.last_error, created_at=row.created_at,
            sent_at=row.sent_at, gave_up_at=row.gave_up_at, message=row.sent_body, outbox_pk=row.id,
        )


@strawberry.type(
    name="MessageTemplate",
    description="The wording of one kind of message in one language: an administrator's, or the built-in one.",
)
class Template:
    kind: NotificationKind
    language: Language
    subject: str = strawberry.field(description="E-mail subject; SMS and WhatsApp send the body alone.")
    body: str
    custom: bool = strawberry.field(description="False: the built-in wording.")
    updated_at: datetime | None
    placeholders: list[str] = strawberry.field(
        description="The names this kind may use, as {name}; {reference} and {link} are required in the body."
    )

    @classmethod
    def of(cls, kind: NotificationKind, language: Language, row: models.MessageTemplate | None) -> "Template":
        if row is None:
            wording = built_in(kind, language)
            return cls(kind=kind, language=language, subject=wording.subject, body=wording.body, custom=False,
                       updated_at=None, placeholders=placeholders(kind))
        return cls(kind=kind, language=language, subject=row.subject, body=row.body, custom=True,
                   updated_at=row.updated_at, placeholders=placeholders(kind))
