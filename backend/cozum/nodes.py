"""`node(id:)`: one lookup per type, each behind the same authorization as its list."""

from collections.abc import Awaitable, Callable

import strawberry
from sqlalchemy import select
from sqlmodel import col

from cozum.attachments.models import Attachment as AttachmentRow
from cozum.attachments.types import Attachment
from cozum.auth.permissions import Permission
from cozum.auth.types import StaffUser
from cozum.contacts.models import Contact as ContactRow
from cozum.contacts.types import Contact
from cozum.context import Info
from cozum.departments.types import Category, Department
from cozum.kit.relay import Node, decode_id_arg
from cozum.tickets.models import Ticket as TicketRow
from cozum.tickets.models import TicketEvent as EventRow
from cozum.tickets.repository import readable
from cozum.tickets.types import Ticket, TicketEvent
from cozum.views.models import SavedView as SavedViewRow
from cozum.views.types import SavedView
from cozum.webhooks.models import WebhookEndpoint as WebhookEndpointRow
from cozum.webhooks.types import WebhookEndpoint
from cozum.whatsapp.models import WhatsAppMessage as WhatsAppMessageRow
from cozum.whatsapp.types import WhatsAppMessage


async def _ticket(info: Info, pk: int) -> Node | None:
    # The loader reads through `readable`: another department's ticket is simply absent.
    row = await info.context.loaders.ticket_by_id.load(pk)
    return Ticket.from_row(row) if row else None


async def _event(info: Info, pk: int) -> Node | None:
    actor = info.context.actor
    stmt = (
        select(EventRow)
        .join(TicketRow, col(TicketRow.id) == col(EventRow.ticket_id))
        .where(col(EventRow.id) == pk, readable(actor))
    )
    async with info.context.db() as session:
        row = (await session.execute(stmt)).scalar_one_or_none()
    return TicketEvent.from_row(row) if row else None


async def _attachment(info: Info, pk: int) -> Node | None:
    # Whoever may read the ticket sees its attachments, as in `Ticket.attachments`.
    stmt = (
        select(AttachmentRow)
        .join(TicketRow, col(TicketRow.id) == col(AttachmentRow.ticket_id))
        .where(col(AttachmentRow.id) == pk, readable(info.context.actor))
    )
    async with info.context.db() as session:
        row = (await session.execute(stmt)).scalar_one_or_none()
    return Attachment.from_row(row) if row else None


async def _contact(info: Info, pk: int) -> Node | None:
    # A citizen is visible (masked) to whoever may read one of their tickets.
    readable_ticket = select(col(TicketRow.id)).where(col(TicketRow.contact_id) == pk, readable(info.context.actor))
    stmt = select(ContactRow).where(col(ContactRow.id) == pk, readable_ticket.exists())
    async with info.context.db() as session:
        row = (await session.execute(stmt)).scalar_one_or_none()
    return Contact.from_row(row) if row else None


async def _department(info: Info, pk: int) -> Node | None:
    row = await info.context.loaders.department_by_id.load(pk)
    return Department.from_row(row) if row else None


async def _category(info: Info, pk: int) -> Node | None:
    row = await info.context.loaders.category_by_id.load(pk)
    return Category.from_row(row) if row else None


async def _staff_user(info: Info, pk: int) -> Node | None:
    # The directory is for those who assign work (and for oneself); reading tickets alone
    # does not need it. Which fields a caller sees is `StaffUser`'s to decide.
    actor = info.context.actor
    if not (actor.can(Permission.ASSIGN) or actor.user_id == pk):
        return None
    row = await info.context.loaders.user_by_id.load(pk)
    return StaffUser.from_row(row) if row else None


async def _saved_view(info: Info, pk: int) -> Node | None:
    # One's own only: someone else's view is as absent as a missing one.
    stmt = select(SavedViewRow).where(
        col(SavedViewRow.id) == pk, col(SavedViewRow.staff_user_id) == info.context.actor.user_id
    )
    async with info.context.db() as session:
        row = (await session.execute(stmt)).scalar_one_or_none()
    return SavedView.from_row(row) if row else None


async def _whatsapp_message(info: Info, pk: int) -> Node | None:
    # Part of its ticket's thread: whoever may read the ticket.
    stmt = (
        select(WhatsAppMessageRow)
        .join(TicketRow, col(TicketRow.id) == col(WhatsAppMessageRow.ticket_id))
        .where(col(WhatsAppMessageRow.id) == pk, readable(info.context.actor))
    )
    async with info.context.db() as session:
        row = (await session.execute(stmt)).scalar_one_or_none()
    return WhatsAppMessage.from_row(row) if row else None


async def _webhook_endpoint(info: Info, pk: int) -> Node | None:
    # The administrators' alone, as in `webhookEndpoints`.
    if not info.context.actor.can(Permission.MANAGE_WEBHOOKS):
        return None
    async with info.context.db() as session:
        row = await session.get(WebhookEndpointRow, pk)
    return WebhookEndpoint.from_row(row) if row else None


_FETCHERS: dict[str, Callable[[Info, int], Awaitable[Node | None]]] = {
    "Ticket": _ticket,
    "TicketEvent": _event,
    "Attachment": _attachment,
    "Department": _department,
    "Category": _category,
    "Contact": _contact,
    "StaffUser": _staff_user,
    "SavedView": _saved_view,
    "WhatsAppMessage": _whatsapp_message,
    "WebhookEndpoint": _webhook_endpoint,
}


async def node(info: Info, id: strawberry.ID) -> Node | None:  # noqa: A002 - Relay's argument name
    """Any object by its global ID; null when it does not exist or is not yours to see."""
    type_name, pk = decode_id_arg(id)
    fetch = _FETCHERS.get(type_name)
    return await fetch(info, pk) if fetch else None
