from datetime import datetime
from enum import Enum

import sqlalchemy as sa
import strawberry
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow


@strawberry.enum(description="Where a stored webhook call stands.")
class InboundStatus(Enum):
    PENDING = "PENDING"  # stored, not processed yet (or to be tried again: media not fetched)
    PROCESSED = "PROCESSED"
    IGNORED = "IGNORED"  # nothing in it for us (an unknown shape, a field we do not use)
    FAILED = "FAILED"  # gave up after retries; last_error says why


class InboundEvent(SQLModel, table=True):
    """A webhook call exactly as it arrived (after its signature was checked), stored before
    anything is done with it: answered 200 at once, processed after by the worker."""

    __tablename__ = "inbound_events"
    __table_args__ = (
        sa.Index("ix_inbound_events_due", "next_attempt_at", postgresql_where=sa.text("status = 'PENDING'")),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    source: str = Field(max_length=20)  # "whatsapp"
    body: bytes = Field(sa_column=sa.Column(sa.LargeBinary, nullable=False))
    status: InboundStatus = Field(default=InboundStatus.PENDING, sa_column=enum_column(InboundStatus))
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    locked_until: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    last_error: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    received_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    processed_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class WhatsAppMessage(SQLModel, table=True):
    """One message a citizen sent to the line, kept once per `wamid` however often Meta
    delivers it; the thread of a WhatsApp ticket is these and our replies."""

    __tablename__ = "whatsapp_messages"
    __table_args__ = (
        sa.Index("ix_whatsapp_messages_ticket", "ticket_id", "sent_at"),
        sa.Index("ix_whatsapp_messages_wa_id", "wa_id", "sent_at"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    wamid: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, unique=True))
    inbound_event_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("inbound_events.id"), nullable=False)
    )
    wa_id: str = Field(max_length=32)  # the sender's number as Meta gives it (digits, no +)
    contact_id: int | None = Field(default=None, foreign_key="contacts.id")
    ticket_id: int | None = Field(default=None, foreign_key="tickets.id")
    # The timeline entry the message made on its ticket (CREATED or CITIZEN_MESSAGE).
    ticket_event_id: int | None = Field(
        default=None, sa_column=sa.Column(sa.BigInteger, sa.ForeignKey("ticket_events.id"))
    )
    type: str = Field(max_length=20)  # text, image, video, document, audio, location, or what Meta adds
    text: str | None = Field(default=None, sa_column=sa.Column(sa.Text))  # body or caption
    latitude: float | None = None
    longitude: float | None = None
    place: str | None = Field(default=None, max_length=500)  # a location's name and address
    media_id: str | None = Field(default=None, max_length=200)
    media_mime_type: str | None = Field(default=None, max_length=100)
    media_sha256: str | None = Field(default=None, max_length=100)
    attachment_id: int | None = Field(default=None, foreign_key="attachments.id")
    # Why the media is not on the ticket (refused by the checks, too large): staff see it.
    media_problem: str | None = Field(default=None, max_length=500)
    # Staff moved the message to a ticket of its own; where it was before.
    split_from_ticket_id: int | None = Field(default=None, foreign_key="tickets.id")
    sent_at: datetime = Field(sa_column=timestamp_column())  # Meta's timestamp
    received_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
