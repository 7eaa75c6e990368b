from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.language import Language
from cozum.kit.time import utcnow
from cozum.tickets.enums import (
    IntakeChannel,
    Priority,
    ReplyChannel,
    RequestType,
    TicketEventType,
    TicketStatus,
)

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
ACTOR_LABEL_MAX = 100
# Ordering by due date: tickets without one sort as due at the end of time. The queries use
# this exact expression, so the indexes below can serve them.
DUE_ORDER_SQL = "coalesce(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"


class Ticket(SQLModel, table=True):
    """One citizen request, from intake to a result."""

    __tablename__ = "tickets"
    __table_args__ = (
        sa.Index("ix_tickets_status_created", "status", "created_at", "id"),
        sa.Index("ix_tickets_department_status_created", "department_id", "status", "created_at", "id"),
        sa.Index("ix_tickets_created", "created_at", "id"),
        sa.Index("ix_tickets_updated", "updated_at", "id"),
        sa.Index("ix_tickets_search", "search", postgresql_using="gin"),
        # The console's orderings, for everyone and within one department (AGENT, MANAGER).
        sa.Index("ix_tickets_due_order", sa.text(DUE_ORDER_SQL), "id"),
        sa.Index("ix_tickets_department_due_order", "department_id", sa.text(DUE_ORDER_SQL), "id"),
        sa.Index("ix_tickets_department_created", "department_id", "created_at", "id"),
        # Overdue scans only look at open tickets with a due date.
        sa.Index(
            "ix_tickets_open_due",
            "due_at",
            postgresql_where=sa.text("closed_at IS NULL AND due_at IS NOT NULL"),
        ),
        sa.UniqueConstraint("channel", "idempotency_key", name="uq_tickets_channel_idempotency"),
        sa.CheckConstraint("version > 0", name="ck_tickets_version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_column=sa.Column(sa.String(24), nullable=False, unique=True))
    secret_hash: str = Field(max_length=64)
    request_type: RequestType = Field(sa_column=enum_column(RequestType))
    category_id: int = Field(foreign_key="categories.id", index=True)
    department_id: int | None = Field(default=None, foreign_key="departments.id")
    assignee_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    contact_id: int | None = Field(default=None, foreign_key="contacts.id", index=True)
    status: TicketStatus = Field(sa_column=enum_column(TicketStatus))
    priority: Priority = Field(sa_column=enum_column(Priority))
    channel: IntakeChannel = Field(sa_column=enum_column(IntakeChannel, index=True))
    channel_reference: str | None = Field(default=None, max_length=100)
    idempotency_key: str | None = Field(default=None, max_length=100)
    # What the request said (hashed), so a key reused for a different request is refused.
    idempotency_fingerprint: str | None = Field(default=None, max_length=64)
    reply_channel: ReplyChannel = Field(sa_column=enum_column(ReplyChannel))
    title: str = Field(max_length=TITLE_MAX)
    description: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = Field(default=None, max_length=500)
    neighbourhood: str | None = Field(default=None, max_length=120, index=True)
    due_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    legal_due_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    on_hold_since: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    resolution: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    forwarded_to: str | None = Field(default=None, max_length=200)
    duplicate_of_id: int | None = Field(default=None, foreign_key="tickets.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    version: int = 1
    # The language the citizen wrote in (the portal's, or TR): their messages are sent in it.
    language: Language = Field(
        default=Language.TR, sa_column=enum_column(Language, server_default=sa.text("'TR'"))
    )
    # The tracking secret is HMAC(SECRET_KEY, seed): messages sent days later can carry the
    # tracking link again, while the database alone (a leaked backup) gives no secret away.
    tracking_seed: str | None = Field(default=None, max_length=64)
    # Which KVKK information notice (aydınlatma metni) the citizen was shown when filing.
    privacy_notice_version: str | None = Field(default=None, max_length=20)
    search: Any = Field(
        default=None,
        sa_column=sa.Column(
            TSVECTOR,
            sa.Computed(
                "to_tsvector('turkish'::regconfig, coalesce(title, '') || ' ' || coalesce(description, ''))",
                persisted=True,
            ),
        ),
    )


class TicketEvent(SQLModel, table=True):
    """The append-only timeline; its id is also the cursor of the live feed."""

    __tablename__ = "ticket_events"
    __table_args__ = (sa.Index("ix_ticket_events_ticket", "ticket_id", "id"),)

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    ticket_id: int = Field(foreign_key="tickets.id")
    type: TicketEventType = Field(sa_column=enum_column(TicketEventType))
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    # Who acted when it was not staff: "citizen", "whatsapp", "open311:<key>"...
    actor_label: str = Field(max_length=ACTOR_LABEL_MAX)
    public: bool
    from_status: TicketStatus | None = Field(
        default=None, sa_column=enum_column(TicketStatus, nullable=True)
    )
    to_status: TicketStatus | None = Field(
        default=None, sa_column=enum_column(TicketStatus, nullable=True)
    )
    message: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    data: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class TicketCounter(SQLModel, table=True):
    """The per-year reference sequence (tickets/filing.py). A row lock, not a SEQUENCE, so numbers have no gaps."""

    __tablename__ = "ticket_counters"

    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_value: int = 0
