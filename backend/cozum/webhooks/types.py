"""What administrators see of webhooks: endpoints (never their secrets) and each delivery's log."""

from datetime import datetime

import strawberry
from sqlalchemy import func, select

from cozum.context import Info
from cozum.kit.pagination import Connection, PageArgs, SortKey, decode_cursor, page_of
from cozum.kit.relay import Node, to_global_id
from cozum.notifications.models import OutboxStatus
from cozum.webhooks import models
from cozum.webhooks.loaders import NEWEST, delivery_pages
from cozum.webhooks.models import WebhookEvent

_D = models.WebhookDelivery.__table__.c  # type: ignore[attr-defined]
_NEWEST_FIRST = SortKey(_D.id, _D.id, True)


@strawberry.type(description="One event for one endpoint: the same deliveryId on every try and every resend.")
class WebhookDelivery(Node):
    delivery_id: str = strawberry.field(description="The Cozum-Delivery header and the body's `id`.")
    event: WebhookEvent
    status: OutboxStatus
    attempts: int = strawberry.field(description="Tries so far, the one under way included.")
    last_status_code: int | None = strawberry.field(description="The receiver's last HTTP status, if it answered.")
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None
    gave_up_at: datetime | None
    ticket_pk: strawberry.Private[int | None]

    @strawberry.field
    async def ticket_reference(self, info: Info) -> str | None:
        ticket = await info.context.loaders.ticket_by_id.load(self.ticket_pk) if self.ticket_pk else None
        return ticket.reference if ticket else None

    @classmethod
    def from_row(cls, row: models.WebhookDelivery) -> "WebhookDelivery":
        assert row.id is not None
        return cls(
            id=to_global_id("WebhookDelivery", row.id), delivery_id=row.delivery_id, event=WebhookEvent(row.event_type),
            status=row.status, attempts=row.attempts, last_status_code=row.last_status_code,
            last_error=row.last_error, created_at=row.created_at, delivered_at=row.delivered_at,
            gave_up_at=row.gave_up_at, ticket_pk=row.ticket_id,
        )


@strawberry.type(description="An integrator's receiver of signed webhooks (its secret is shown only once).")
class WebhookEndpoint(Node):
    name: str
    url: str
    events: list[WebhookEvent]
    include_contact: bool = strawberry.field(description="Deliveries carry the citizen's name, phone and e-mail.")
    include_internal: bool = strawberry.field(
        description="Internal events (notes, assignments...) are delivered, and staff's words with every event."
    )
    active: bool
    created_at: datetime
    previous_secret_until: datetime | None = strawberry.field(
        description="After a rotation: until then deliveries carry a second signature, with the old secret."
    )
    pk: strawberry.Private[int]

    @strawberry.field(description="Newest first.")  # type: ignore[untyped-decorator]
    async def deliveries(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[WebhookDelivery]:
        args = PageArgs(first=first, after=after)
        below = decode_cursor(after, _NEWEST_FIRST)[1] if after else NEWEST
        rows = await delivery_pages(info.context).load((self.pk, below, args.size + 1))

        async def count() -> int:
            async with info.context.db() as session:
                stmt = select(func.count()).select_from(models.WebhookDelivery).where(_D.endpoint_id == self.pk)
                total: int = (await session.execute(stmt)).scalar_one()
                return total

        return page_of([(row.id, row) for row in rows], _NEWEST_FIRST, args, WebhookDelivery.from_row, count)

    @classmethod
    def from_row(cls, row: models.WebhookEndpoint) -> "WebhookEndpoint":
        assert row.id is not None
        return cls(
            id=to_global_id("WebhookEndpoint", row.id), name=row.name, url=row.url,
            events=[WebhookEvent(e) for e in row.events], include_contact=row.include_contact,
            include_internal=row.include_internal, active=row.active, created_at=row.created_at,
            previous_secret_until=row.previous_secret_until, pk=row.id,
        )
