"""Who may do what: one table for staff roles, one for API key scopes."""

from enum import Enum

import strawberry

from cozum.auth.models import StaffRole


class Permission(Enum):
    READ_PUBLIC = "read public data"
    SUBMIT_REQUEST = "submit a request"
    READ_TICKETS = "read tickets"
    CREATE_TICKETS = "create tickets for any channel"
    ROUTE = "route tickets"
    ASSIGN = "assign tickets"
    CHANGE_STATUS = "change ticket status"
    REOPEN = "reopen tickets"
    REPLY = "reply to citizens"
    NOTE = "add internal notes"
    MERGE = "merge tickets"
    REVEAL_CONTACT = "reveal a citizen's contact details"
    VIEW_DASHBOARDS = "see dashboards"
    USE_CONSOLE = "keep saved views and be seen viewing a ticket"
    EXPORT = "export data"
    SUBSCRIBE = "subscribe to live ticket events"
    MANAGE_USERS = "manage staff accounts and roles"
    MANAGE_CATEGORIES = "manage departments and categories"
    MANAGE_API_KEYS = "manage API keys"
    READ_AUDIT_LOG = "read the audit log"
    MANAGE_TEMPLATES = "edit the messages sent to citizens"
    MANAGE_WEBHOOKS = "register webhook endpoints and see their deliveries"
    INTROSPECT = "introspect the schema in production"


P = Permission
_PUBLIC = {P.READ_PUBLIC, P.SUBMIT_REQUEST}
_TICKET_WORK = {P.READ_TICKETS, P.ASSIGN, P.CHANGE_STATUS, P.REPLY, P.NOTE, P.REVEAL_CONTACT, P.SUBSCRIBE}
_ROUTING = {P.CREATE_TICKETS, P.ROUTE, P.REOPEN, P.MERGE}

# What belongs to a person at the console (saved views, presence): any staff role, never a key.
_STAFF = _PUBLIC | {P.USE_CONSOLE}

ANONYMOUS_PERMISSIONS = frozenset(_PUBLIC)

ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.ADMIN: frozenset(Permission),
    # The call centre sees and routes everything, but manages no accounts.
    StaffRole.OPERATOR: frozenset(_STAFF | _TICKET_WORK | _ROUTING | {P.INTROSPECT}),
    StaffRole.MANAGER: frozenset(_STAFF | _TICKET_WORK | _ROUTING | {P.VIEW_DASHBOARDS, P.EXPORT, P.INTROSPECT}),
    StaffRole.AGENT: frozenset(_STAFF | _TICKET_WORK | {P.INTROSPECT}),
    StaffRole.VIEWER: frozenset(_STAFF | {P.VIEW_DASHBOARDS}),
}


class TicketScope(Enum):
    NONE = "none"
    DEPARTMENT = "department"
    ALL = "all"


ROLE_TICKET_SCOPE = {
    StaffRole.ADMIN: TicketScope.ALL,
    StaffRole.OPERATOR: TicketScope.ALL,
    StaffRole.MANAGER: TicketScope.DEPARTMENT,
    StaffRole.AGENT: TicketScope.DEPARTMENT,
    StaffRole.VIEWER: TicketScope.NONE,
}


@strawberry.enum(description="What an API key may do.")
class ApiScope(Enum):
    SUBMIT = "SUBMIT"
    READ_PUBLIC = "READ_PUBLIC"
    READ_DEPARTMENT = "READ_DEPARTMENT"
    READ_ALL = "READ_ALL"
    WRITE_TICKETS = "WRITE_TICKETS"
    SUBSCRIBE = "SUBSCRIBE"
    INTROSPECT = "INTROSPECT"


# Keys never reveal contact details: bulk personal data leaves only through audited exports.
SCOPE_PERMISSIONS: dict[ApiScope, frozenset[Permission]] = {
    ApiScope.SUBMIT: frozenset({P.SUBMIT_REQUEST}),
    ApiScope.READ_PUBLIC: frozenset({P.READ_PUBLIC}),
    ApiScope.READ_DEPARTMENT: frozenset({P.READ_TICKETS}),
    ApiScope.READ_ALL: frozenset({P.READ_TICKETS}),
    ApiScope.WRITE_TICKETS: frozenset(
        {P.CREATE_TICKETS, P.ROUTE, P.ASSIGN, P.CHANGE_STATUS, P.REOPEN, P.REPLY, P.NOTE, P.MERGE}
    ),
    ApiScope.SUBSCRIBE: frozenset({P.SUBSCRIBE}),
    ApiScope.INTROSPECT: frozenset({P.INTROSPECT}),
}


def scope_permissions(scopes: frozenset[ApiScope]) -> frozenset[Permission]:
    return frozenset().union(*(SCOPE_PERMISSIONS[s] for s in scopes))


def scope_ticket_scope(scopes: frozenset[ApiScope]) -> TicketScope:
    if ApiScope.READ_ALL in scopes:
        return TicketScope.ALL
    if ApiScope.READ_DEPARTMENT in scopes:
        return TicketScope.DEPARTMENT
    return TicketScope.NONE
