"""An administrator's changes to the wording, each with its audit row. Services flush; the
request commits."""

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth.actor import Actor
from cozum.kit.language import Language
from cozum.kit.time import utcnow
from cozum.notifications.models import MessageTemplate, NotificationKind
from cozum.notifications.templates import checked
from cozum.notifications.wording import Wording, built_in


def _shown(wording: Wording) -> dict[str, str]:
    return {"subject": wording.subject, "body": wording.body}


async def _stored(session: AsyncSession, kind: NotificationKind, language: Language) -> MessageTemplate | None:
    stmt = select(MessageTemplate).where(col(MessageTemplate.kind) == kind, col(MessageTemplate.language) == language)
    return (await session.execute(stmt)).scalar_one_or_none()


def _wording(row: MessageTemplate | None, kind: NotificationKind, language: Language) -> Wording:
    return Wording(row.subject, row.body) if row is not None else built_in(kind, language)


async def update_template(
    session: AsyncSession, actor: Actor, address: str,
    kind: NotificationKind, language: Language, subject: str, body: str,
) -> MessageTemplate:
    wording = checked(kind, subject, body)
    before = _wording(await _stored(session, kind, language), kind, language)
    # An upsert: two administrators saving the same template at once both succeed, the later wins.
    values = {"subject": wording.subject, "body": wording.body, "updated_by_id": actor.user_id, "updated_at": utcnow()}
    stmt = (
        insert(MessageTemplate)
        .values(kind=kind, language=language, **values)
        .on_conflict_do_update(constraint="uq_message_templates_kind_language", set_=values)
        .returning(col(MessageTemplate.id))
    )
    template_id = (await session.execute(stmt)).scalar_one()
    row = await session.get(MessageTemplate, template_id, populate_existing=True)
    assert row is not None
    record(
        session, AuditAction.MESSAGE_TEMPLATE_UPDATED, actor, address=address, target=("MessageTemplate", row.id),
        reason=f"{kind.value} {language.value}",
        data={"kind": kind.value, "language": language.value, "before": _shown(before), "after": _shown(wording)},
    )
    return row


async def reset_template(
    session: AsyncSession, actor: Actor, address: str, kind: NotificationKind, language: Language
) -> None:
    """Back to the built-in wording; resetting one that is not customised changes (and records) nothing."""
    stmt = (
        delete(MessageTemplate)
        .where(col(MessageTemplate.kind) == kind, col(MessageTemplate.language) == language)
        .returning(col(MessageTemplate.id), col(MessageTemplate.subject), col(MessageTemplate.body))
    )
    removed = (await session.execute(stmt)).one_or_none()
    if removed is None:
        return
    record(
        session, AuditAction.MESSAGE_TEMPLATE_RESET, actor, address=address, target=("MessageTemplate", removed.id),
        reason=f"{kind.value} {language.value}",
        data={"kind": kind.value, "language": language.value,
              "before": {"subject": removed.subject, "body": removed.body},
              "after": _shown(built_in(kind, language))},
    )
