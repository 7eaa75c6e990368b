from datetime import datetime
from enum import Enum

import sqlalchemy as sa
import strawberry
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow


@strawberry.enum(description="What an attachment holds.")
class AttachmentKind(Enum):
    PHOTO = "PHOTO"
    VIDEO = "VIDEO"
    # Only where a caller takes them (WhatsApp media): a PDF, and a voice message or audio file.
    DOCUMENT = "DOCUMENT"
    AUDIO = "AUDIO"


class Attachment(SQLModel, table=True):
    """A file of a ticket. A photo or video is kept only as its checked, EXIF-free copy, never the
    upload; a PDF or audio file is kept byte for byte once checked (served so no browser runs it)."""

    __tablename__ = "attachments"
    __table_args__ = (
        sa.Index("ix_attachments_ticket", "ticket_id", "id"),
        sa.CheckConstraint("byte_size > 0", name="ck_attachments_size_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="tickets.id")
    kind: AttachmentKind = Field(sa_column=enum_column(AttachmentKind))
    content_type: str = Field(max_length=50)
    byte_size: int
    sha256: str = Field(max_length=64)
    # Where the storage keeps the file and its preview (keys, not URLs: URLs are signed per read).
    storage_key: str = Field(max_length=200)
    thumbnail_key: str | None = Field(default=None, max_length=200)
    width: int | None = None
    height: int | None = None
    # Shown to the citizen on the tracking page: their own files and what staff chose to share.
    public: bool = True
    # Where the camera said it was (EXIF GPS), read before the metadata was stripped.
    latitude: float | None = None
    longitude: float | None = None
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    actor_label: str = Field(max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
