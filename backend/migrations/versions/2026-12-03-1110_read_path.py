"""read path: changes to sessions, staff and API keys announced to every process

Revision ID: 9c1e5d7a2b40
Revises: 576e449e1f02
Create Date: 2026-12-03 11:10:00+00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "9c1e5d7a2b40"
down_revision: str | None = "576e449e1f02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Each process keeps who a session or key stands for in memory for a few seconds
# (cozum/auth/cache.py) and forgets it when told here. Triggers, not calls in the services,
# so no code path that ends or changes a grant (a script, a console, a future mutation) can
# forget to tell; sent at commit, so a change rolled back tells nobody.
SESSIONS_NOTIFY = """
CREATE FUNCTION sessions_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_LEVEL = 'STATEMENT' THEN
        PERFORM pg_notify('sessions', 'all');  -- TRUNCATE: there is no row to name
    ELSIF TG_TABLE_NAME = 'staff_sessions' THEN
        PERFORM pg_notify('sessions', 'session:' || OLD.token_hash);
    ELSIF TG_TABLE_NAME = 'api_keys' THEN
        PERFORM pg_notify('sessions', 'key:' || OLD.id);
    ELSE
        PERFORM pg_notify('sessions', 'user:' || OLD.id);
    END IF;
    RETURN NULL;
END $$
"""
# What a cached grant is made of; not `last_used_at`, which a key's use updates every minute.
SESSIONS_WATCHED = {
    "staff_sessions": "token_hash, user_id, expires_at, revoked_at",
    "users": "name, role, department_id, active, password_hash",
    "api_keys": "name, prefix, key_hash, scopes, department_id, rate_limit_per_minute, revoked_at",
}


def upgrade() -> None:
    op.execute(SESSIONS_NOTIFY)
    for table, columns in SESSIONS_WATCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_sessions_notify AFTER UPDATE OF {columns} OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION sessions_notify()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_sessions_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION sessions_notify()"
        )


def downgrade() -> None:
    for table in SESSIONS_WATCHED:
        op.execute(f"DROP TRIGGER {table}_sessions_truncate ON {table}")
        op.execute(f"DROP TRIGGER {table}_sessions_notify ON {table}")
    op.execute("DROP FUNCTION sessions_notify()")
