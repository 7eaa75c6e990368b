from dataclasses import dataclass

from cozum.auth.models import StaffRole, User
from cozum.auth.permissions import (
    ANONYMOUS_PERMISSIONS,
    ROLE_PERMISSIONS,
    ROLE_TICKET_SCOPE,
    ApiScope,
    Permission,
    TicketScope,
    scope_permissions,
    scope_ticket_scope,
)


@dataclass(frozen=True)
class Actor:
    """Who is acting: staff, an integrator's key, or a named source such as the citizen."""

    label: str
    user_id: int | None = None
    api_key_id: int | None = None
    role: StaffRole | None = None
    department_id: int | None = None
    permissions: frozenset[Permission] = ANONYMOUS_PERMISSIONS
    ticket_scope: TicketScope = TicketScope.NONE

    @property
    def is_staff(self) -> bool:
        return self.user_id is not None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None or self.api_key_id is not None

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    @classmethod
    def of(cls, user: User) -> "Actor":
        assert user.id is not None
        return cls.of_staff(user.id, user.name, user.role, user.department_id)

    @classmethod
    def of_staff(cls, user_id: int, name: str, role: StaffRole, department_id: int | None) -> "Actor":
        return cls(
            label=name, user_id=user_id, role=role, department_id=department_id,
            permissions=ROLE_PERMISSIONS[role], ticket_scope=ROLE_TICKET_SCOPE[role],
        )

    @classmethod
    def of_key(cls, key_id: int, name: str, scopes: frozenset[ApiScope], department_id: int | None) -> "Actor":
        return cls(
            label=f"api:{name}", api_key_id=key_id, department_id=department_id,
            permissions=scope_permissions(scopes), ticket_scope=scope_ticket_scope(scopes),
        )


ANONYMOUS = Actor(label="anonymous")
CITIZEN = Actor(label="citizen")
SYSTEM = Actor(label="system", permissions=frozenset(Permission), ticket_scope=TicketScope.ALL)
