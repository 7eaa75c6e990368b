"""What a citizen sees with reference and secret: public fields only, never staff or notes."""

from datetime import datetime

import strawberry

from cozum.attachments.types import PublicAttachment
from cozum.context import Info
from cozum.departments.models import Category, Department
from cozum.feedback.types import Satisfaction, may_answer
from cozum.kit.language import Language, pick
from cozum.kit.time import utcnow
from cozum.tickets import models
from cozum.tickets.enums import RequestType, TicketEventType, TicketStatus
from cozum.tickets.lifecycle import CITIZEN_REOPEN_WINDOW
from cozum.tickets.types import status_label

# A routing note is for the department; only these entries' words are for the citizen.
_PUBLIC_MESSAGES = {
    TicketEventType.PUBLIC_REPLY, TicketEventType.STATUS_CHANGED, TicketEventType.REOPENED,
    TicketEventType.CITIZEN_MESSAGE,
}


@strawberry.type(description="One public step of a request's history.")
class PublicTimelineEntry:
    type: TicketEventType
    status: TicketStatus | None
    message: str | None
    at: datetime

    @strawberry.field
    def status_label(self, language: Language = Language.TR) -> str | None:
        return status_label(self.status, language) if self.status else None


@strawberry.type(description="Where the request is about, as the citizen gave it (or their photo's GPS said).")
class PublicLocation:
    latitude: float | None
    longitude: float | None
    address: str | None
    neighbourhood: str | None = strawberry.field(description="Mahalle.")

    @classmethod
    def of(cls, ticket: models.Ticket) -> "PublicLocation | None":
        given = (ticket.latitude, ticket.longitude, ticket.address, ticket.neighbourhood)
        if all(value is None for value in given):
            return None
        return cls(
            latitude=ticket.latitude, longitude=ticket.longitude,
            address=ticket.address, neighbourhood=ticket.neighbourhood,
        )


@strawberry.type(description="A request as its citizen sees it.")
class TrackedRequest:
    reference: str
    request_type: RequestType
    status: TicketStatus
    title: str
    description: str
    created_at: datetime
    updated_at: datetime
    due_at: datetime | None
    closed_at: datetime | None
    resolution: str | None
    forwarded_to: str | None
    timeline: list[PublicTimelineEntry]
    location: PublicLocation | None
    # For fields that load more (attachments, satisfaction): the caller already checked the secret.
    ticket_id: strawberry.Private[int]
    category_names: strawberry.Private[tuple[str, str]]
    department_names: strawberry.Private[tuple[str, str] | None]

    @strawberry.field
    def status_label(self, language: Language = Language.TR) -> str:
        return status_label(self.status, language)

    @strawberry.field(description="Whether the citizen may reopen it here: closed, not merged, within 30 days.")  # type: ignore[untyped-decorator]
    def can_reopen(self) -> bool:
        return (
            self.status.is_closed and self.status is not TicketStatus.DUPLICATE
            and self.closed_at is not None and utcnow() - self.closed_at <= CITIZEN_REOPEN_WINDOW
        )

    @strawberry.field(description="The citizen's own answer to the satisfaction question.")  # type: ignore[untyped-decorator]
    async def satisfaction(self, info: Info) -> Satisfaction | None:
        row = await info.context.loaders.satisfaction_by_ticket_id.load(self.ticket_id)
        return Satisfaction.from_row(row) if row else None

    @strawberry.field(description="Resolved, and this result not yet rated: ask the 1–5 question.")  # type: ignore[untyped-decorator]
    async def can_answer_satisfaction(self, info: Info) -> bool:
        row = await info.context.loaders.satisfaction_by_ticket_id.load(self.ticket_id)
        return may_answer(self.status, self.closed_at, row)

    @strawberry.field(description="The citizen's own photos and videos and those staff shared, oldest first.")  # type: ignore[untyped-decorator]
    async def attachments(self, info: Info) -> list[PublicAttachment]:
        rows = await info.context.loaders.attachments_by_ticket_id.load(self.ticket_id)
        return [PublicAttachment.from_row(row) for row in rows if row.public]

    @strawberry.field
    def category_name(self, language: Language = Language.TR) -> str:
        return pick(language, *self.category_names)

    @strawberry.field
    def department_name(self, language: Language = Language.TR) -> str | None:
        return pick(language, *self.department_names) if self.department_names else None

    @classmethod
    def build(
        cls, ticket: models.Ticket, events: list[models.TicketEvent],
        category: Category, department: Department | None,
    ) -> "TrackedRequest":
        assert ticket.id is not None
        return cls(
            ticket_id=ticket.id, reference=ticket.reference, request_type=ticket.request_type, status=ticket.status,
            title=ticket.title, description=ticket.description, created_at=ticket.created_at,
            updated_at=ticket.updated_at, due_at=ticket.due_at, closed_at=ticket.closed_at,
            resolution=ticket.resolution, forwarded_to=ticket.forwarded_to, location=PublicLocation.of(ticket),
            timeline=[
                PublicTimelineEntry(
                    type=e.type, status=e.to_status, at=e.created_at,
                    message=e.message if e.type in _PUBLIC_MESSAGES else None,
                )
                for e in events if e.public
            ],
            category_names=(category.name_tr, category.name_en),
            department_names=(department.name_tr, department.name_en) if department else None,
        )
