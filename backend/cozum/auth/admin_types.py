from datetime import datetime

import strawberry

from cozum.auth import models
from cozum.auth.api_keys import key_scopes
from cozum.auth.permissions import ApiScope
from cozum.context import Info
from cozum.departments.types import Department, department_of
from cozum.kit.relay import Node, to_global_id


@strawberry.type(description="An integrator's API key (the key itself is shown only once).")
class ApiKey(Node):
    name: str
    prefix: str = strawberry.field(description="Identifies the key in logs: czm_<prefix>_…")
    scopes: list[ApiScope]
    rate_limit_per_minute: int
    created_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    department_pk: strawberry.Private[int | None]

    @strawberry.field(description="The one department a READ_DEPARTMENT key reads, if any.")  # type: ignore[untyped-decorator]
    async def department(self, info: Info) -> Department | None:
        return await department_of(info, self.department_pk)

    @classmethod
    def from_row(cls, row: models.ApiKey) -> "ApiKey":
        assert row.id is not None
        return cls(
            id=to_global_id("ApiKey", row.id), name=row.name, prefix=row.prefix,
            scopes=sorted(key_scopes(row), key=lambda s: s.value),
            rate_limit_per_minute=row.rate_limit_per_minute, created_at=row.created_at,
            revoked_at=row.revoked_at, last_used_at=row.last_used_at, department_pk=row.department_id,
        )
