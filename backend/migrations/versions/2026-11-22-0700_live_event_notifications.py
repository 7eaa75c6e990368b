"""live event notifications

Every committed timeline event is announced on the `ticket_events` channel. A trigger, not
application code, so nothing that writes an event (a service, the demo loader, a future
import) can forget to announce it; PostgreSQL delivers it only at COMMIT.

Revision ID: 5c1f0e7a9b21
Revises: 3282899dc166
Create Date: 2026-11-22 07:00:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1f0e7a9b21"
down_revision: str | None = "3282899dc166"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOTIFY_FUNCTION = """
CREATE FUNCTION ticket_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Ids only (far below the 8,000-byte limit): listeners read the rows themselves.
    PERFORM pg_notify('ticket_events', NEW.id::text || ':' || NEW.ticket_id::text);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.execute(NOTIFY_FUNCTION)
    op.execute(
        "CREATE TRIGGER ticket_events_notify AFTER INSERT ON ticket_events "
        "FOR EACH ROW EXECUTE FUNCTION ticket_events_notify()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER ticket_events_notify ON ticket_events")
    op.execute("DROP FUNCTION ticket_events_notify()")
