"""Every DataLoader of a request, so a page of tickets costs a fixed number of queries."""

import weakref
from functools import cached_property
from typing import TYPE_CHECKING

from cozum.attachments.loaders import AttachmentsByTicketIdLoader
from cozum.auth.loaders import UserByIdLoader
from cozum.contacts.loaders import ContactByIdLoader
from cozum.departments.loaders import CategoryByIdLoader, DepartmentByIdLoader
from cozum.feedback.loaders import SatisfactionByTicketIdLoader
from cozum.notifications.loaders import NotificationsByTicketIdLoader, ReceiptsByOutboxIdLoader
from cozum.tickets.loaders import LastEventByTicketIdLoader, OtherRequestsByContactIdLoader, TicketByIdLoader
from cozum.whatsapp.loaders import WhatsAppMessagesByTicketIdLoader

if TYPE_CHECKING:
    from cozum.context import Context


class Loaders:
    """Each loader is built on first use: a subscription renews its loaders after every
    event, and thousands of subscribers building six loaders each cost real CPU and GC.

    The loaders see their context through a weak reference: a strong one would make every
    request (its context, its request and its whole body) a reference cycle that only a
    full collection frees, and the server collects the old generations rarely on purpose.
    """

    def __init__(self, context: "Context") -> None:
        self._context: Context = weakref.proxy(context)

    @cached_property
    def department_by_id(self) -> DepartmentByIdLoader:
        return DepartmentByIdLoader(self._context)

    @cached_property
    def category_by_id(self) -> CategoryByIdLoader:
        return CategoryByIdLoader(self._context)

    @cached_property
    def user_by_id(self) -> UserByIdLoader:
        return UserByIdLoader(self._context)

    @cached_property
    def contact_by_id(self) -> ContactByIdLoader:
        return ContactByIdLoader(self._context)

    @cached_property
    def ticket_by_id(self) -> TicketByIdLoader:
        return TicketByIdLoader(self._context)

    @cached_property
    def last_event_by_ticket_id(self) -> LastEventByTicketIdLoader:
        return LastEventByTicketIdLoader(self._context)

    @cached_property
    def other_requests_by_contact_id(self) -> OtherRequestsByContactIdLoader:
        return OtherRequestsByContactIdLoader(self._context)

    @cached_property
    def satisfaction_by_ticket_id(self) -> SatisfactionByTicketIdLoader:
        return SatisfactionByTicketIdLoader(self._context)

    @cached_property
    def attachments_by_ticket_id(self) -> AttachmentsByTicketIdLoader:
        return AttachmentsByTicketIdLoader(self._context)

    @cached_property
    def notifications_by_ticket_id(self) -> NotificationsByTicketIdLoader:
        return NotificationsByTicketIdLoader(self._context)

    @cached_property
    def receipts_by_outbox_id(self) -> ReceiptsByOutboxIdLoader:
        return ReceiptsByOutboxIdLoader(self._context)

    @cached_property
    def whatsapp_messages_by_ticket_id(self) -> WhatsAppMessagesByTicketIdLoader:
        return WhatsAppMessagesByTicketIdLoader(self._context)
