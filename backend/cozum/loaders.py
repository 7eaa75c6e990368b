"""Every DataLoader of a request, so a page of tickets costs a fixed number of queries."""

from typing import TYPE_CHECKING

from cozum.auth.loaders import UserByIdLoader
from cozum.contacts.loaders import ContactByIdLoader
from cozum.departments.loaders import CategoryByIdLoader, DepartmentByIdLoader
from cozum.tickets.loaders import LastEventByTicketIdLoader, TicketByIdLoader

if TYPE_CHECKING:
    from cozum.context import Context


class Loaders:
    """Each loader is built on first use: a subscription renews its loaders after every
    event, and thousands of subscribers building six loaders each cost real CPU and GC."""

    def __init__(self, context: "Context") -> None:
        self._context = context
        self._department_by_id: DepartmentByIdLoader | None = None
        self._category_by_id: CategoryByIdLoader | None = None
        self._user_by_id: UserByIdLoader | None = None
        self._contact_by_id: ContactByIdLoader | None = None
        self._ticket_by_id: TicketByIdLoader | None = None
        self._last_event_by_ticket_id: LastEventByTicketIdLoader | None = None

    @property
    def department_by_id(self) -> DepartmentByIdLoader:
        if self._department_by_id is None:
            self._department_by_id = DepartmentByIdLoader(self._context)
        return self._department_by_id

    @property
    def category_by_id(self) -> CategoryByIdLoader:
        if self._category_by_id is None:
            self._category_by_id = CategoryByIdLoader(self._context)
        return self._category_by_id

    @property
    def user_by_id(self) -> UserByIdLoader:
        if self._user_by_id is None:
            self._user_by_id = UserByIdLoader(self._context)
        return self._user_by_id

    @property
    def contact_by_id(self) -> ContactByIdLoader:
        if self._contact_by_id is None:
            self._contact_by_id = ContactByIdLoader(self._context)
        return self._contact_by_id

    @property
    def ticket_by_id(self) -> TicketByIdLoader:
        if self._ticket_by_id is None:
            self._ticket_by_id = TicketByIdLoader(self._context)
        return self._ticket_by_id

    @property
    def last_event_by_ticket_id(self) -> LastEventByTicketIdLoader:
        if self._last_event_by_ticket_id is None:
            self._last_event_by_ticket_id = LastEventByTicketIdLoader(self._context)
        return self._last_event_by_ticket_id
