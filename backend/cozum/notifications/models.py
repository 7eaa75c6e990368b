from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
import strawberry
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.language import Language
from cozum.kit.time import utcnow
from cozum.tickets.enums import ReplyChannel


@strawberry.enum(description="Which public change a message tells the citizen of.")
class NotificationKind(Enum):
    RECEIVED = "RECEIVED"
    ROUTED = "ROUTED"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    FORWARDED = "FORWARDED"
    DUPLICATE = "DUPLICATE"
    REPLY = "REPLY"
    REOPENED = "REOPENED"


@strawberry.enum(description="Where a message stands.")
class OutboxStatus(Enum):
    PENDING = "PENDING"
    SENT = "SENT"
    GAVE_UP = "GAVE_UP"


@strawberry.enum(description="How one try to send a message ended.")
class AttemptOutcome(Enum):
    SENDING = "SENDING"  # started; a worker that died mid-send leaves it so
    SENT = "SENT"
    FAILED = "FAILED"


class OutboxMessage(SQLModel, table=True):
    """A message to a citizen, written in the transaction of the change it tells of."""

    __tablename__ = "outbox"
    __table_args__ = (
        # What the workers claim: due rows only, oldest first.
        sa.Index("ix_outbox_due", "next_attempt_at", postgresql_where=sa.text("status = 'PENDING'")),
        sa.Index("ix_outbox_ticket", "ticket_id", "id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    ticket_id: int = Field(foreign_key="tickets.id")
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind))
    channel: ReplyChannel = Field(sa_column=enum_column(ReplyChannel))
    language: Language = Field(sa_column=enum_column(Language))
    # What the message says beyond the ticket itself: a reason, an institution, a reply.
    data: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    # The same on every try, so a receiver that honours it delivers a resend after a crash once.
    idempotency_key: str = Field(sa_column=sa.Column(sa.String(36), nullable=False, unique=True))
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_column=enum_column(OutboxStatus))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    # A worker's claim: until then no other worker takes the row (a dead worker's claim runs out).
    locked_until: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    provider_message_id: str | None = Field(default=None, max_length=200)
    # The text as it went out (the wording and link of its day), so the thread shows what we said.
    sent_body: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    sent_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    gave_up_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class DeliveryAttempt(SQLModel, table=True):
    """One try to send an outbox message, and how it ended."""

    __tablename__ = "delivery_attempts"
    __table_args__ = (
        sa.UniqueConstraint("outbox_id", "number", name="uq_delivery_attempts_number"),
        # Receipts name the message by the provider's id.
        sa.Index("ix_delivery_attempts_provider", "provider_message_id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    outbox_id: int = Field(sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("outbox.id"), nullable=False))
    number: int
    outcome: AttemptOutcome = Field(sa_column=enum_column(AttemptOutcome))
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    provider_message_id: str | None = Field(default=None, max_length=200)
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    finished_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class MessageTemplate(SQLModel, table=True):
    """An administrator's wording of one kind of message in one language; without a row the
    built-in wording is used."""

    __tablename__ = "message_templates"
    __table_args__ = (sa.UniqueConstraint("kind", "language", name="uq_message_templates_kind_language"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: NotificationKind = Field(sa_column=enum_column(NotificationKind))
    language: Language = Field(sa_column=enum_column(Language))
    subject: str = Field(max_length=200)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    updated_by_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class DeliveryReceipt(SQLModel, table=True):
    """What the provider later said of a message we sent (WhatsApp: sent, delivered, read, failed),
    matched to the attempt by the provider's message id."""

    __tablename__ = "delivery_receipts"
    __table_args__ = (
        sa.UniqueConstraint("provider_message_id", "status", name="uq_delivery_receipts_status"),
        sa.Index("ix_delivery_receipts_outbox", "outbox_id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    provider_message_id: str = Field(max_length=200)
    outbox_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("outbox.id")))
    attempt_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("delivery_attempts.id"))
    )
    status: str = Field(max_length=20)  # sent, delivered, read, failed
    error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    occurred_at: datetime = Field(sa_column=timestamp_column())
    received_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
