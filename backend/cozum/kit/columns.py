"""Column helpers shared by every domain's models."""

from enum import Enum
from typing import Any

import sqlalchemy as sa


def enum_column(enum: type[Enum], *, nullable: bool = False, **kwargs: Any) -> sa.Column[Any]:
    # VARCHAR rather than a native PostgreSQL enum: adding a value later is then a code
    # change, not an ALTER TYPE that cannot run inside a transaction.
    return sa.Column(
        sa.Enum(enum, native_enum=False, length=24, validate_strings=True),
        nullable=nullable,
        **kwargs,
    )


def timestamp_column(*, nullable: bool = False, index: bool = False) -> sa.Column[Any]:
    return sa.Column(sa.DateTime(timezone=True), nullable=nullable, index=index)
