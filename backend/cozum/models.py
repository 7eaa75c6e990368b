"""Every table, imported once so metadata (and Alembic) sees them all."""

from sqlmodel import SQLModel

from cozum.attachments.models import Attachment
from cozum.audit.models import AuditEntry
from cozum.auth.models import ApiKey, LoginFailure, StaffSession, User
from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.feedback.models import SatisfactionAnswer
from cozum.live.models import TicketViewer
from cozum.notifications.models import DeliveryAttempt, DeliveryReceipt, MessageTemplate, OutboxMessage
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent
from cozum.views.models import SavedView
from cozum.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from cozum.whatsapp.models import InboundEvent, WhatsAppMessage

metadata = SQLModel.metadata

__all__ = [
    "ApiKey",
    "Attachment",
    "AuditEntry",
    "Category",
    "Contact",
    "DeliveryAttempt",
    "DeliveryReceipt",
    "Department",
    "InboundEvent",
    "LoginFailure",
    "MessageTemplate",
    "OutboxMessage",
    "SatisfactionAnswer",
    "SavedView",
    "StaffSession",
    "Ticket",
    "TicketCounter",
    "TicketEvent",
    "TicketViewer",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WhatsAppMessage",
    "metadata",
]
