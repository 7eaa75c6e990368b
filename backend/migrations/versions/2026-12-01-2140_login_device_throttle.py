"""login device throttle

Sign-in failures from a browser that signed in to the account before (a device cookie)
are counted apart from the others, so guessing from elsewhere cannot lock the owner out;
failures are kept only for the minute they count, found by time for removal.

Revision ID: 3e5b9f3bea7c
Revises: 3b7c9d1e5f20
Create Date: 2026-12-01 21:40:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "3e5b9f3bea7c"
down_revision: str | None = "3b7c9d1e5f20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("login_failures", sa.Column("device", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
    op.create_index("ix_login_failures_at", "login_failures", ["at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_login_failures_at", table_name="login_failures")
    op.drop_column("login_failures", "device")
