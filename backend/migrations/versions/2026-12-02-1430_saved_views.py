"""saved views and ticket viewers

Saved views: a staff member's named console queries (the URL query string, opaque to the
server), one name per person. Ticket viewers: who has a ticket open right now, shared by
every server process; a row lives as long as its subscription keeps refreshing it.

Revision ID: 4c6e8a0b2d13
Revises: 3e5b9f3bea7c
Create Date: 2026-12-02 14:30:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "4c6e8a0b2d13"
down_revision: str | None = "3e5b9f3bea7c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every process's listener hears who joined or left a ticket (its id only) and reads the list
# again for its own subscribers. A trigger, so the stale-row cleanup and a cascade from a
# deleted ticket or account announce themselves like a subscription's own join and leave.
NOTIFY_FUNCTION = """
CREATE FUNCTION ticket_viewers_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'ticket_viewers', (CASE TG_OP WHEN 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END)::text
    );
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("query", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("staff_user_id", "name", name="uq_saved_views_user_name"),
    )
    op.create_table(
        "ticket_viewers",
        sa.Column("connection_id", sa.String(length=32), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("staff_user_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("connection_id"),
    )
    op.create_index("ix_ticket_viewers_ticket_seen", "ticket_viewers", ["ticket_id", "seen_at"], unique=False)
    op.create_index("ix_ticket_viewers_seen", "ticket_viewers", ["seen_at"], unique=False)
    op.execute(NOTIFY_FUNCTION)
    op.execute(
        "CREATE TRIGGER ticket_viewers_notify AFTER INSERT OR DELETE ON ticket_viewers "
        "FOR EACH ROW EXECUTE FUNCTION ticket_viewers_notify()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ticket_viewers_notify ON ticket_viewers")
    op.execute("DROP FUNCTION ticket_viewers_notify()")
    op.drop_index("ix_ticket_viewers_seen", table_name="ticket_viewers")
    op.drop_index("ix_ticket_viewers_ticket_seen", table_name="ticket_viewers")
    op.drop_table("ticket_viewers")
    op.drop_table("saved_views")
