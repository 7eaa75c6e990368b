"""Every DataLoader of a request, so a page of tickets costs a fixed number of queries."""

from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from cozum.auth.loaders import UserByIdLoader
from cozum.contacts.loaders import ContactByIdLoader
from cozum.departments.loaders import CategoryByIdLoader, DepartmentByIdLoader
from cozum.tickets.loaders import LastEventByTicketIdLoader, TicketByIdLoader

if TYPE_CHECKING:
    from cozum.context import Context


class Loaders:
    def __init__(self, context: "Context") -> None:
        self.department_by_id = DepartmentByIdLoader(context)
        self.category_by_id = CategoryByIdLoader(context)
        self.user_by_id = UserByIdLoader(context)
        self.contact_by_id = ContactByIdLoader(context)
        self.ticket_by_id = TicketByIdLoader(context)
        self.last_event_by_ticket_id = LastEventByTicketIdLoader(context)


__all__ = ["DataLoader", "Loaders"]
