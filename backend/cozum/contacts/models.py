from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow
from cozum.tickets.enums import ReplyChannel


class Contact(SQLModel, table=True):
    """A citizen. Phone and e-mail are personal data under KVKK."""

    __tablename__ = "contacts"

    id: int | None = Field(default=None, primary_key=True)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, sa_column=sa.Column(sa.String(20), index=True))
    email: str | None = Field(default=None, sa_column=sa.Column(sa.String(254), index=True))
    preferred_channel: ReplyChannel = Field(
        default=ReplyChannel.NONE, sa_column=enum_column(ReplyChannel)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    # WhatsApp allows free text for 24 hours after the citizen's last message; after that,
    # only an approved template. The WhatsApp intake keeps this up to date.
    last_whatsapp_message_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    anonymised_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
