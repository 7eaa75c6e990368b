from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cozum.kit.columns import timestamp_column
from cozum.kit.time import utcnow


class TicketViewer(SQLModel, table=True):
    """A console with a ticket open: one row per subscription, kept fresh by its process's
    heartbeat, so every process (and a crashed one's leftovers) agree who is there."""

    __tablename__ = "ticket_viewers"
    __table_args__ = (
        sa.Index("ix_ticket_viewers_ticket_seen", "ticket_id", "seen_at"),
        sa.Index("ix_ticket_viewers_seen", "seen_at"),
    )

    connection_id: str = Field(sa_column=sa.Column(sa.String(32), primary_key=True))
    ticket_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    )
    staff_user_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    seen_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
