from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cozum.kit.columns import timestamp_column
from cozum.kit.time import utcnow


class SatisfactionAnswer(SQLModel, table=True):
    """The citizen's 1–5 answer after a result; one per ticket (a reopened and again resolved
    ticket may be answered again, replacing the earlier answer)."""

    __tablename__ = "satisfaction_answers"
    __table_args__ = (sa.CheckConstraint("score BETWEEN 1 AND 5", name="ck_satisfaction_score"),)

    ticket_id: int = Field(foreign_key="tickets.id", primary_key=True)
    score: int = Field(sa_column=sa.Column(sa.SmallInteger, nullable=False))
    comment: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    # The department that had the ticket when it was answered: what stats count it for.
    department_id: int | None = Field(default=None, foreign_key="departments.id")
    answered_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
