"""console ordering indexes

Ordering by due date used an expression no index served: at millions of tickets every page
sorted the whole table. A department's newest tickets were read through an index with the
status in the middle. Both orderings now have an index of their own.

Revision ID: 8d2e4f6a1c37
Revises: 5c1f0e7a9b21
Create Date: 2026-11-22 10:25:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "8d2e4f6a1c37"
down_revision: str | None = "5c1f0e7a9b21"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DUE_ORDER = "coalesce(due_at, '9999-12-31 00:00:00+00'::timestamp with time zone)"


def upgrade() -> None:
    op.create_index("ix_tickets_due_order", "tickets", [sa.text(DUE_ORDER), "id"])
    op.create_index("ix_tickets_department_due_order", "tickets", ["department_id", sa.text(DUE_ORDER), "id"])
    op.create_index("ix_tickets_department_created", "tickets", ["department_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_tickets_department_created", "tickets")
    op.drop_index("ix_tickets_department_due_order", "tickets")
    op.drop_index("ix_tickets_due_order", "tickets")
