"""Every table, imported once so metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from cozum.audit.models import AuditEntry
from cozum.auth.models import ApiKey, LoginFailure, StaffSession, User
from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent

metadata = SQLModel.metadata

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Category",
    "Contact",
    "Department",
    "LoginFailure",
    "StaffSession",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "User",
    "metadata",
]
