from datetime import datetime
from enum import Enum

import sqlalchemy as sa
import strawberry
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow


@strawberry.enum(description="What a staff member may do; see the README's permission table.")
class StaffRole(Enum):
    ADMIN = "ADMIN"
    OPERATOR = "OPERATOR"
    AGENT = "AGENT"
    MANAGER = "MANAGER"
    VIEWER = "VIEWER"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=sa.Column(sa.String(254), nullable=False, unique=True))
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    role: StaffRole = Field(sa_column=enum_column(StaffRole))
    department_id: int | None = Field(default=None, foreign_key="departments.id", index=True)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class StaffSession(SQLModel, table=True):
    """A login. Only the token's hash is stored, so a database dump grants no sessions."""

    __tablename__ = "staff_sessions"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    user_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    expires_at: datetime = Field(sa_column=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class ApiKey(SQLModel, table=True):
    """An integrator's key. Only a hash is stored; the key is shown once at creation."""

    __tablename__ = "api_keys"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    prefix: str = Field(sa_column=sa.Column(sa.String(16), nullable=False, unique=True))
    key_hash: str = Field(max_length=64)
    scopes: list[str] = Field(sa_column=sa.Column(ARRAY(sa.String(32)), nullable=False))
    department_id: int | None = Field(default=None, foreign_key="departments.id")
    rate_limit_per_minute: int = 600
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    revoked_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))
    last_used_at: datetime | None = Field(default=None, sa_column=timestamp_column(nullable=True))


class LoginFailure(SQLModel, table=True):
    """Failed sign-ins of the last minute, counted to throttle guessing (see auth/throttle.py)."""

    __tablename__ = "login_failures"
    __table_args__ = (
        sa.Index("ix_login_failures_email_at", "email", "at"),
        sa.Index("ix_login_failures_address_at", "address", "at"),
        sa.Index("ix_login_failures_at", "at"),
    )

    id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger, primary_key=True))
    email: str = Field(max_length=254)
    address: str = Field(max_length=64)
    # Set when the attempt came with a valid device cookie for the account: counted apart.
    device: str | None = Field(default=None, max_length=32)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
