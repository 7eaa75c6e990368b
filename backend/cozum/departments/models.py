from datetime import datetime
from enum import Enum

import sqlalchemy as sa
import strawberry
from sqlmodel import Field, SQLModel

from cozum.kit.columns import enum_column, timestamp_column
from cozum.kit.time import utcnow
from cozum.tickets.enums import Priority


@strawberry.enum(description="Whether the municipality handles a category or forwards it.")
class Remit(Enum):
    MUNICIPAL = "MUNICIPAL"
    EXTERNAL = "EXTERNAL"


class Department(SQLModel, table=True):
    __tablename__ = "departments"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(32), nullable=False, unique=True))
    name_tr: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class Category(SQLModel, table=True):
    __tablename__ = "categories"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(48), nullable=False, unique=True))
    name_tr: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    department_id: int | None = Field(default=None, foreign_key="departments.id", index=True)
    sla_hours: int | None = None
    remit: Remit = Field(default=Remit.MUNICIPAL, sa_column=enum_column(Remit))
    external_institution: str | None = Field(default=None, max_length=200)
    default_priority: Priority = Field(default=Priority.NORMAL, sa_column=enum_column(Priority))
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
