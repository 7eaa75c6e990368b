import strawberry

from cozum.auth import models
from cozum.auth.models import StaffRole
from cozum.context import Info
from cozum.departments.types import Department, department_of
from cozum.kit.relay import Node, to_global_id


@strawberry.type(description="A member of staff.")
class StaffUser(Node):
    name: str
    email: str
    role: StaffRole
    active: bool
    department_pk: strawberry.Private[int | None]

    @strawberry.field
    async def department(self, info: Info) -> Department | None:
        return await department_of(info, self.department_pk)

    @classmethod
    def from_row(cls, row: models.User) -> "StaffUser":
        assert row.id is not None
        return cls(
            id=to_global_id("StaffUser", row.id), name=row.name, email=row.email,
            role=row.role, active=row.active, department_pk=row.department_id,
        )
