"""Writing the audit log: every security-relevant action, who did it, from where, and why."""

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction, AuditEntry
from cozum.auth.actor import Actor


def record(
    session: AsyncSession,
    action: AuditAction,
    actor: Actor,
    *,
    address: str | None = None,
    target: tuple[str, int | None] | None = None,
    reason: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        action=action,
        actor_user_id=actor.user_id,
        api_key_id=actor.api_key_id,
        actor_label=actor.label[:120],
        address=address[:64] if address else None,
        target_type=target[0] if target else None,
        target_id=target[1] if target else None,
        reason=reason,
        data=data or {},
    )
    session.add(entry)
    return entry
