import strawberry
from graphql import OperationType

from cozum.auth import models
from cozum.auth.models import StaffRole
from cozum.auth.permissions import Permission
from cozum.context import Info
from cozum.departments.types import Department, department_of
from cozum.kit.relay import Node, to_global_id

_PRIVATE = "Yours, or for those who manage staff accounts; null otherwise, and in subscriptions."


def shown_in_full(info: Info, user_pk: int) -> bool:
    """A colleague's e-mail and role are for those who manage accounts; one's own are one's own.

    A subscription's message is rendered once for all consoles of one audience (an admin's
    and an operator's alike), so it can carry only what every one of them may see.
    """
    if info.operation.operation is OperationType.SUBSCRIPTION:
        return False
    actor = info.context.actor
    return actor.user_id == user_pk or actor.can(Permission.MANAGE_USERS)


@strawberry.type(description="A member of staff: colleagues see the name and department.")
class StaffUser(Node):
    name: str
    active: bool
    user_pk: strawberry.Private[int]
    email_value: strawberry.Private[str]
    role_value: strawberry.Private[StaffRole]
    department_pk: strawberry.Private[int | None]

    @strawberry.field(description=_PRIVATE)  # type: ignore[untyped-decorator]
    def email(self, info: Info) -> str | None:
        return self.email_value if shown_in_full(info, self.user_pk) else None

    @strawberry.field(description=_PRIVATE)  # type: ignore[untyped-decorator]
    def role(self, info: Info) -> StaffRole | None:
        return self.role_value if shown_in_full(info, self.user_pk) else None

    @strawberry.field
    async def department(self, info: Info) -> Department | None:
        return await department_of(info, self.department_pk)

    @classmethod
    def from_row(cls, row: models.User) -> "StaffUser":
        assert row.id is not None
        return cls(
            id=to_global_id("StaffUser", row.id), name=row.name, active=row.active, user_pk=row.id,
            email_value=row.email, role_value=row.role, department_pk=row.department_id,
        )
