from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from cozum.kit.columns import timestamp_column
from cozum.kit.time import utcnow

NAME_MAX = 80
QUERY_MAX = 2000


class SavedView(SQLModel, table=True):
    """A console query a staff member named: the URL's query string, opaque to the server."""

    __tablename__ = "saved_views"
    __table_args__ = (sa.UniqueConstraint("staff_user_id", "name", name="uq_saved_views_user_name"),)

    id: int | None = Field(default=None, primary_key=True)
    staff_user_id: int = Field(
        sa_column=sa.Column(sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    )
    name: str = Field(max_length=NAME_MAX)
    query: str = Field(max_length=QUERY_MAX)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
