from datetime import datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
import strawberry
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow


@strawberry.enum(description="Security-relevant actions recorded in the audit log.")
class AuditAction(Enum):
    LOGIN = "LOGIN"
    LOGIN_FAILED = "LOGIN_FAILED"
    LOGIN_THROTTLED = "LOGIN_THROTTLED"
    LOGOUT = "LOGOUT"
    LOGOUT_EVERYWHERE = "LOGOUT_EVERYWHERE"
    API_KEY_CREATED = "API_KEY_CREATED"
    API_KEY_REVOKED = "API_KEY_REVOKED"
    API_KEY_USED = "API_KEY_USED"
    API_KEY_REJECTED = "API_KEY_REJECTED"
    CONTACT_REVEALED = "CONTACT_REVEALED"
    EXPORT = "EXPORT"
    USER_CREATED = "USER_CREATED"
    ROLE_CHANGED = "ROLE_CHANGED"
    USER_DEACTIVATED = "USER_DEACTIVATED"
    PASSWORD_RESET = "PASSWORD_RESET"
    DEPARTMENT_CREATED = "DEPARTMENT_CREATED"
    DEPARTMENT_UPDATED = "DEPARTMENT_UPDATED"
    CATEGORY_CREATED = "CATEGORY_CREATED"
    CATEGORY_UPDATED = "CATEGORY_UPDATED"
    MESSAGE_TEMPLATE_UPDATED = "MESSAGE_TEMPLATE_UPDATED"
    MESSAGE_TEMPLATE_RESET = "MESSAGE_TEMPLATE_RESET"
    WEBHOOK_CREATED = "WEBHOOK_CREATED"
    WEBHOOK_UPDATED = "WEBHOOK_UPDATED"
    WEBHOOK_SECRET_ROTATED = "WEBHOOK_SECRET_ROTATED"


class AuditEntry(SQLModel, table=True):
    """Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE for every role."""

    __tablename__ = "audit_log"
    __table_args__ = (
        sa.Index("ix_audit_log_action_at", "action", "at"),
        sa.Index("ix_audit_log_target", "target_type", "target_id"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    action: AuditAction = Field(sa_column=enum_column(AuditAction))
    actor_user_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    api_key_id: int | None = Field(default=None, foreign_key="api_keys.id")
    actor_label: str = Field(max_length=120)
    address: str | None = Field(default=None, max_length=64)
    target_type: str | None = Field(default=None, max_length=40)
    target_id: int | None = None
    reason: str | None = Field(default=None, sa_column=sa.Column(sa.Text))
    data: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=sa.Column(JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    )
