"""Every table, imported once so metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from cozum.audit.models import AuditEntry
from cozum.auth.models import ApiKey, LoginFailure, StaffSession, User
from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.live.models import TicketViewer
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent
from cozum.views.models import SavedView

metadata = SQLModel.metadata

__all__ = [
    "ApiKey",
    "AuditEntry",
    "Category",
    "Contact",
    "Department",
    "LoginFailure",
    "SavedView",
    "StaffSession",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketViewer",
    "User",
    "metadata",
]
