from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from cozum.audit import models
from cozum.audit.models import AuditAction
from cozum.kit.relay import Node, to_global_id


@strawberry.type(description="One security-relevant action.")
class AuditEntry(Node):
    at: datetime
    action: AuditAction
    actor_label: str
    address: str | None
    target_type: str | None
    target_id: int | None
    reason: str | None
    details: JSON = strawberry.field(
        description="What the action recorded beside its reason: names, scopes, roles, old and new values."
    )

    @classmethod
    def from_row(cls, row: models.AuditEntry) -> "AuditEntry":
        assert row.id is not None
        return cls(
            id=to_global_id("AuditEntry", row.id), at=row.at, action=row.action,
            actor_label=row.actor_label, address=row.address, target_type=row.target_type,
            target_id=row.target_id, reason=row.reason, details=_details(row.data),
        )


def _details(data: dict[str, Any] | None) -> Any:
    return dict(data or {})
