import strawberry

from cozum.auth import models
from cozum.auth.models import StaffRole
from cozum.context import Info
from cozum.departments.types import Department
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
        if self.department_pk is None:
            return None
        row = await info.context.loaders.department_by_id.load(self.department_pk)
        return Department.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: models.User) -> "StaffUser":
        assert row.id is not None
        return cls(
            id=to_global_id("StaffUser", row.id), name=row.name, email=row.email,
            role=row.role, active=row.active, department_pk=row.department_id,
        )
