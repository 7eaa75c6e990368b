from datetime import datetime
from enum import Enum

import strawberry

from cozum.kit.ordering import OrderDirection
from cozum.tickets.enums import IntakeChannel, RequestType, TicketStatus


@strawberry.input(description="All given conditions must hold.")
class TicketFilter:
    status: list[TicketStatus] | None = None
    open: bool | None = strawberry.field(default=None, description="Only open (true) or closed (false).")
    department_ids: list[strawberry.ID] | None = None
    category_ids: list[strawberry.ID] | None = None
    channels: list[IntakeChannel] | None = None
    request_types: list[RequestType] | None = None
    assignee_ids: list[strawberry.ID] | None = None
    unassigned: bool | None = strawberry.field(
        default=None,
        description=(
            "true: tickets nobody is assigned to; given together with assigneeIds, tickets of those "
            "assignees OR unassigned ones (\"mine or unassigned\"), the one exception to all "
            "conditions holding. false: only assigned tickets."
        ),
    )
    contact_id: strawberry.ID | None = strawberry.field(
        default=None, description="The tickets of one citizen (a Contact's id)."
    )
    contact: str | None = strawberry.field(
        default=None,
        description=(
            "A phone number (any format, read as Turkish without a country code) or an e-mail "
            "address: the tickets of citizens with exactly that detail. Text that is neither matches none."
        ),
    )
    neighbourhood: str | None = None
    text: str | None = strawberry.field(
        default=None, description="Words in title or description (Turkish stemming), or a reference."
    )
    created_after: datetime | None = None
    created_before: datetime | None = None
    overdue: bool | None = None


@strawberry.enum
class TicketOrderField(Enum):
    CREATED_AT = "CREATED_AT"
    UPDATED_AT = "UPDATED_AT"
    DUE_AT = "DUE_AT"


@strawberry.input
class TicketOrder:
    field: TicketOrderField = TicketOrderField.CREATED_AT
    direction: OrderDirection = OrderDirection.DESC


@strawberry.input
class LocationInput:
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    neighbourhood: str | None = strawberry.field(default=None, description="Mahalle.")


@strawberry.input
class ContactInput:
    name: str | None = None
    phone: str | None = strawberry.field(
        default=None, description="Any format; read as Turkish without a country code."
    )
    email: str | None = None
