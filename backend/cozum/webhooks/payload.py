"""The document a delivery carries (its shape is docs/webhooks.md): public ids only, contact
details only for endpoints allowed them, staff-only words only for endpoints allowed those."""

from datetime import datetime
from typing import Any

from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.kit.relay import to_global_id
from cozum.tickets.enums import TicketEventType
from cozum.tickets.models import Ticket, TicketEvent
from cozum.webhooks.models import WebhookEndpoint, WebhookEvent

E = TicketEventType
# The same rule as the citizen's tracking page: a routing note is for the department, and so
# are the words of every event that is not public.
_WORDS_FOR_EVERYONE = frozenset({E.PUBLIC_REPLY, E.STATUS_CHANGED, E.REOPENED, E.CITIZEN_MESSAGE})
# What an event's `data` may tell: names and codes. Its row ids are left out; an attachment's
# becomes a global id.
_DETAILS = ("channel", "department", "assignee", "mergedInto", "merged", "kind", "score")


def build(
    delivery_id: str, endpoint: WebhookEndpoint, event: TicketEvent, ticket: Ticket,
    category: Category, department: Department | None, contact: Contact | None,
) -> dict[str, Any]:
    ticket_part = _ticket(ticket, category, department)
    if endpoint.include_contact:
        ticket_part["contact"] = _contact(contact)
    return {
        "id": delivery_id,
        "type": WebhookEvent(event.type.value).wire_name,
        "createdAt": _time(event.created_at),
        "data": {"ticket": ticket_part, "event": _event(event, internal=endpoint.include_internal)},
    }


def _ticket(ticket: Ticket, category: Category, department: Department | None) -> dict[str, Any]:
    assert ticket.id is not None
    located = ticket.latitude is not None or ticket.address is not None or ticket.neighbourhood is not None
    return {
        "id": to_global_id("Ticket", ticket.id),
        "reference": ticket.reference,
        "status": ticket.status.value,
        "requestType": ticket.request_type.value,
        "priority": ticket.priority.value,
        "channel": ticket.channel.value,
        "category": category.code,
        "department": department.code if department else None,
        "title": ticket.title,
        "description": ticket.description,
        "location": {
            "latitude": ticket.latitude, "longitude": ticket.longitude,
            "address": ticket.address, "neighbourhood": ticket.neighbourhood,
        } if located else None,
        "createdAt": _time(ticket.created_at),
        "updatedAt": _time(ticket.updated_at),
        "dueAt": _time(ticket.due_at),
        "closedAt": _time(ticket.closed_at),
    }


def _contact(contact: Contact | None) -> dict[str, Any] | None:
    if contact is None or contact.anonymised_at is not None:
        return None
    return {"name": contact.name, "phone": contact.phone, "email": contact.email}


def _event(event: TicketEvent, *, internal: bool) -> dict[str, Any]:
    assert event.id is not None
    part: dict[str, Any] = {
        "id": to_global_id("TicketEvent", event.id),
        "type": event.type.value,
        "public": event.public,
        "createdAt": _time(event.created_at),
        "fromStatus": event.from_status.value if event.from_status else None,
        "toStatus": event.to_status.value if event.to_status else None,
        "details": _details(event.data),
    }
    if internal or (event.public and event.type in _WORDS_FOR_EVERYONE):
        part["message"] = event.message
    if internal:
        part["actor"] = event.actor_label  # a staff member's name: for the municipality's own systems
    return part


def _details(data: dict[str, Any]) -> dict[str, Any]:
    details = {key: data[key] for key in _DETAILS if key in data}
    if isinstance(data.get("attachmentId"), int):
        details["attachmentId"] = to_global_id("Attachment", data["attachmentId"])
    return details


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
