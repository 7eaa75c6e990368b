"""Every table, imported once so metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from cozum.auth.models import StaffSession, User
from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent

metadata = SQLModel.metadata

__all__ = [
    "Category",
    "Contact",
    "Department",
    "StaffSession",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "User",
    "metadata",
]
