from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLError
from sqlalchemy import select
from strawberry.scalars import JSON

from cozum.attachments.types import Attachment
from cozum.auth.types import StaffUser
from cozum.contacts.types import Contact
from cozum.context import Info
from cozum.departments.types import Category, Department, department_of
from cozum.feedback.types import Satisfaction
from cozum.kit.errors import GraphQLErrorCode
from cozum.kit.language import Language, pick
from cozum.kit.pagination import Connection, PageArgs, SortKey, paginate
from cozum.kit.relay import Node, to_global_id
from cozum.kit.time import utcnow
from cozum.notifications.types import Notification
from cozum.tickets import models
from cozum.tickets.enums import (
    STATUS_LABELS,
    IntakeChannel,
    Priority,
    ReplyChannel,
    RequestType,
    TicketEventType,
    TicketStatus,
)
from cozum.tickets.loaders import OtherRequestsKey
from cozum.whatsapp.types import WhatsAppMessage


def status_label(status: TicketStatus, language: Language) -> str:
    return pick(language, *STATUS_LABELS[status])


@strawberry.type
class Location:
    latitude: float | None
    longitude: float | None
    address: str | None
    neighbourhood: str | None = strawberry.field(description="Mahalle.")


@strawberry.type(description="One entry of a ticket's timeline.")
class TicketEvent(Node):
    type: TicketEventType
    actor_label: str = strawberry.field(description="Staff name, or who acted: citizen, system…")
    public: bool = strawberry.field(description="Whether the citizen sees this entry.")
    from_status: TicketStatus | None
    to_status: TicketStatus | None
    message: str | None
    created_at: datetime
    actor_pk: strawberry.Private[int | None]
    event_pk: strawberry.Private[int]
    data: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="Pass as `ticketEvents(after:)` to follow on from this entry.")  # type: ignore[untyped-decorator]
    def cursor(self) -> str:
        return str(self.event_pk)

    @strawberry.field(  # type: ignore[untyped-decorator]
        description="What the change recorded: department code, assignee's name, institution, merged references."
    )
    def details(self) -> JSON:
        # Row ids stay inside: clients name things by global ID, and these are for people to read.
        shown = {key: value for key, value in self.data.items() if not key.endswith(("Id", "Ids"))}
        return cast(JSON, shown)

    @strawberry.field
    async def actor(self, info: Info) -> StaffUser | None:
        if self.actor_pk is None:
            return None
        row = await info.context.loaders.user_by_id.load(self.actor_pk)
        return StaffUser.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.TicketEvent) -> "TicketEvent":
        assert row.id is not None
        return cls(
            id=to_global_id("TicketEvent", row.id), type=row.type, actor_label=row.actor_label,
            public=row.public, from_status=row.from_status, to_status=row.to_status,
            message=row.message, created_at=row.created_at, actor_pk=row.actor_id,
            event_pk=row.id, data=dict(row.data or {}),
        )


OTHER_REQUESTS_DEFAULT = 5
OTHER_REQUESTS_MAX = 20
EVENT_ORDER = SortKey(models.TicketEvent.__table__.c.id, models.TicketEvent.__table__.c.id, False)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TicketKeys:
    id: int
    category_id: int
    department_id: int | None
    assignee_id: int | None
    contact_id: int | None
    duplicate_of_id: int | None


@strawberry.type(description="A citizen's request as staff see it.")
class Ticket(Node):
    reference: str = strawberry.field(description="PREFIX-YYYY-NNNNNN, readable over the phone.")
    request_type: RequestType
    status: TicketStatus
    priority: Priority
    channel: IntakeChannel
    channel_reference: str | None = strawberry.field(
        description="The channel's own number: petition document, CİMER application, message id."
    )
    reply_channel: ReplyChannel
    title: str
    description: str
    location: Location
    due_at: datetime | None
    legal_due_at: datetime | None = strawberry.field(description="Law 3071 / 4982 deadline, if any.")
    on_hold_since: datetime | None
    closed_at: datetime | None
    resolution: str | None
    forwarded_to: str | None
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Pass as expectedVersion to detect concurrent edits.")
    # Keys copied out of the row: the row itself may be expired by the time a field
    # resolves (a subscription renders after its session has ended).
    keys: strawberry.Private[TicketKeys]

    @strawberry.field
    def status_label(self, language: Language = Language.TR) -> str:
        return status_label(self.status, language)

    @strawberry.field(description="Past its due date and not on hold.")  # type: ignore[untyped-decorator]
    def overdue(self) -> bool:
        return (
            self.closed_at is None and self.status is not TicketStatus.ON_HOLD
            and self.due_at is not None and self.due_at < utcnow()
        )

    @strawberry.field
    async def category(self, info: Info) -> Category:
        row = await info.context.loaders.category_by_id.load(self.keys.category_id)
        assert row is not None
        return Category.from_row(row)

    @strawberry.field
    async def department(self, info: Info) -> Department | None:
        return await department_of(info, self.keys.department_id)

    @strawberry.field
    async def assignee(self, info: Info) -> StaffUser | None:
        if self.keys.assignee_id is None:
            return None
        row = await info.context.loaders.user_by_id.load(self.keys.assignee_id)
        return StaffUser.from_row(row) if row else None

    @strawberry.field
    async def contact(self, info: Info) -> Contact | None:
        if self.keys.contact_id is None:
            return None
        row = await info.context.loaders.contact_by_id.load(self.keys.contact_id)
        return Contact.from_row(row) if row else None

    @strawberry.field(description="The ticket this one was merged into.")  # type: ignore[untyped-decorator]
    async def duplicate_of(self, info: Info) -> "Ticket | None":
        if self.keys.duplicate_of_id is None:
            return None
        row = await info.context.loaders.ticket_by_id.load(self.keys.duplicate_of_id)
        return Ticket.from_row(row) if row else None

    @strawberry.field(  # type: ignore[untyped-decorator]
        description=(
            "The same citizen's other tickets that you may read, newest first: `first` of them, "
            "at most 20. Empty for a ticket without a contact."
        )
    )
    async def other_requests(self, info: Info, first: int | None = OTHER_REQUESTS_DEFAULT) -> list["Ticket"]:
        first = OTHER_REQUESTS_DEFAULT if first is None else first
        if not 0 <= first <= OTHER_REQUESTS_MAX:
            raise GraphQLError(
                f"first must be between 0 and {OTHER_REQUESTS_MAX}.",
                extensions={"code": GraphQLErrorCode.BAD_REQUEST.value},
            )
        if self.keys.contact_id is None or first == 0:
            return []
        key = OtherRequestsKey(ticket_id=self.keys.id, contact_id=self.keys.contact_id, limit=first)
        rows = await info.context.loaders.other_requests_by_contact_id.load(key)
        return [Ticket.from_row(row) for row in rows]

    @strawberry.field(description="The citizen's answer to the satisfaction question, if given.")  # type: ignore[untyped-decorator]
    async def satisfaction(self, info: Info) -> Satisfaction | None:
        row = await info.context.loaders.satisfaction_by_ticket_id.load(self.keys.id)
        return Satisfaction.from_row(row) if row else None

    @strawberry.field(description="Photos and videos, oldest first, with URLs signed for about an hour.")  # type: ignore[untyped-decorator]
    async def attachments(self, info: Info) -> list[Attachment]:
        rows = await info.context.loaders.attachments_by_ticket_id.load(self.keys.id)
        return [Attachment.from_row(row) for row in rows]

    @strawberry.field
    async def last_event(self, info: Info) -> TicketEvent | None:
        row = await info.context.loaders.last_event_by_ticket_id.load(self.keys.id)
        return TicketEvent.from_row(row) if row else None

    @strawberry.field(description="The messages to the citizen about this ticket (the outbox), newest first.")  # type: ignore[untyped-decorator]
    async def notifications(self, info: Info) -> list[Notification]:
        rows = await info.context.loaders.notifications_by_ticket_id.load(self.keys.id)
        return [Notification.from_row(row) for row in rows]

    @strawberry.field(description="The citizen's WhatsApp messages, oldest first; empty for other tickets.")  # type: ignore[untyped-decorator]
    async def whatsapp_messages(self, info: Info) -> list[WhatsAppMessage]:
        if self.channel is not IntakeChannel.WHATSAPP:
            return []
        rows = await info.context.loaders.whatsapp_messages_by_ticket_id.load(self.keys.id)
        return [WhatsAppMessage.from_row(row) for row in rows]

    @strawberry.field(description="Everything that happened to the ticket, oldest first.")  # type: ignore[untyped-decorator]
    async def timeline(
        self, info: Info, first: int | None = None, after: str | None = None,
        last: int | None = None, before: str | None = None,
    ) -> Connection[TicketEvent]:
        args = PageArgs(first, after, last, before)
        table = models.TicketEvent.__table__  # type: ignore[attr-defined]
        where = table.c.ticket_id == self.keys.id
        base = select(table.c.id, models.TicketEvent).where(where)
        return await paginate(info.context, base, EVENT_ORDER, args, TicketEvent.from_row)

    @classmethod
    def from_row(cls, row: models.Ticket) -> "Ticket":
        assert row.id is not None
        return cls(
            id=to_global_id("Ticket", row.id), reference=row.reference,
            request_type=row.request_type, status=row.status, priority=row.priority,
            channel=row.channel, channel_reference=row.channel_reference,
            reply_channel=row.reply_channel, title=row.title, description=row.description,
            location=Location(
                latitude=row.latitude, longitude=row.longitude,
                address=row.address, neighbourhood=row.neighbourhood,
            ),
            due_at=row.due_at, legal_due_at=row.legal_due_at, on_hold_since=row.on_hold_since,
            closed_at=row.closed_at, resolution=row.resolution, forwarded_to=row.forwarded_to,
            created_at=row.created_at, updated_at=row.updated_at, version=row.version,
            keys=TicketKeys(
                id=row.id, category_id=row.category_id, department_id=row.department_id,
                assignee_id=row.assignee_id, contact_id=row.contact_id, duplicate_of_id=row.duplicate_of_id,
            ),
        )
