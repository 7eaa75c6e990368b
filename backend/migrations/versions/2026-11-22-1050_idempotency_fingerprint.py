"""idempotency fingerprint

A replayed idempotency key returned the first ticket whatever the new request said. The
request's fingerprint is kept with the ticket, so a key reused for a different request is
refused instead of silently answered with another ticket.

Revision ID: 3b7c9d1e5f20
Revises: 8d2e4f6a1c37
Create Date: 2026-11-22 10:50:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3b7c9d1e5f20"
down_revision: str | None = "8d2e4f6a1c37"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("idempotency_fingerprint", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_column("tickets", "idempotency_fingerprint")
