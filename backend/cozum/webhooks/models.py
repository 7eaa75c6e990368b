from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
import strawberry
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow
from cozum.notifications.models import OutboxStatus


@strawberry.enum(description="The changes an endpoint may subscribe to; each delivery's `type` is ticket.<lowercase>.")
class WebhookEvent(Enum):
    CREATED = "CREATED"
    ROUTED = "ROUTED"
    ASSIGNED = "ASSIGNED"
    STATUS_CHANGED = "STATUS_CHANGED"
    PUBLIC_REPLY = "PUBLIC_REPLY"
    INTERNAL_NOTE = "INTERNAL_NOTE"
    MERGED = "MERGED"
    REOPENED = "REOPENED"
    ATTACHMENT_ADDED = "ATTACHMENT_ADDED"
    CITIZEN_MESSAGE = "CITIZEN_MESSAGE"
    SATISFACTION_ANSWERED = "SATISFACTION_ANSWERED"

    @property
    def wire_name(self) -> str:
        return f"ticket.{self.value.lower()}"


class WebhookEndpoint(SQLModel, table=True):
    """An integrator's receiver: the events it wants, the secret its deliveries are signed with."""

    __tablename__ = "webhook_endpoints"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    url: str = Field(max_length=2000)
    events: list[str] = Field(sa_column=sa.Column(ARRAY(sa.String(40)), nullable=False))
    # Signing needs the secret itself, so it is kept (shown to the administrator once).
    secret: str = Field(max_length=100)
    # After a rotation deliveries carry both signatures until this passes, so a receiver can
    # switch to the new secret without losing one delivery.
    previous_secret: str | None = Field(default=None, max_length=100)
    previous_secret_until: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    # What leaves only when allowed: contact details and internal notes are never sent otherwise.
    include_contact: bool = False
    include_internal: bool = False
    active: bool = True
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class WebhookDelivery(SQLModel, table=True):
    """One event for one endpoint, written in the change's transaction; retried until it lands
    or the worker gives up. Its delivery id stays the same on every try."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_due", "next_attempt_at", postgresql_where=sa.text("status = 'PENDING'")),
        sa.Index("ix_webhook_deliveries_endpoint", "endpoint_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    endpoint_id: int = Field(foreign_key="webhook_endpoints.id")
    delivery_id: str = Field(sa_column=sa.Column(sa.String(36), nullable=False, unique=True))
    event_type: str = Field(max_length=40)
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id")
    ticket_event_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ticket_events.id"))
    )
    # The body as it is sent: written at the first claim (the trigger that fans out leaves it
    # NULL) and never again, so every retry and resend carries the same document.
    payload: dict[str, Any] | None = Field(default=None, sa_column=sa.Column(JSONB, nullable=True))
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_column=enum_column(OutboxStatus))
    attempts: int = 0
    # When it was last put in the queue (written, or sent again): the give-up time counts from here.
    queued_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    locked_until: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    last_status_code: int | None = None
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    delivered_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    gave_up_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class WebhookAttempt(SQLModel, table=True):
    """One try to deliver, and how the receiver answered."""

    __tablename__ = "webhook_attempts"
    __table_args__ = (sa.UniqueConstraint("delivery_id", "number", name="uq_webhook_attempts_number"),)

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    delivery_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("webhook_deliveries.id"), nullable=False)
    )
    number: int
    status_code: int | None = None
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    finished_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
