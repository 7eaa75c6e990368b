"""updateMessageTemplate and resetMessageTemplate."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.language import Language
from cozum.kit.mutations import run_mutation
from cozum.notifications import template_service
from cozum.notifications.models import MessageTemplate, NotificationKind
from cozum.notifications.types import Template


@strawberry.input
class UpdateMessageTemplateInput:
    kind: NotificationKind
    language: Language
    subject: str = strawberry.field(description="One line, at most 200 characters.")
    body: str = strawberry.field(description="At most 2000 characters, with {reference} and {link}.")


@strawberry.input
class ResetMessageTemplateInput:
    kind: NotificationKind
    language: Language


@strawberry.type
class MessageTemplatePayload:
    template: Template | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def update_message_template(info: Info, input: UpdateMessageTemplateInput) -> MessageTemplatePayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> MessageTemplate:
        return await template_service.update_template(
            session, actor, address, input.kind, input.language, input.subject, input.body
        )

    row, errors = await run_mutation(info, act)
    if row is None:
        return MessageTemplatePayload(user_errors=errors)
    return MessageTemplatePayload(template=Template.of(input.kind, input.language, row))


async def reset_message_template(info: Info, input: ResetMessageTemplateInput) -> MessageTemplatePayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> None:
        await template_service.reset_template(session, actor, address, input.kind, input.language)

    _, errors = await run_mutation(info, act)
    if errors:
        return MessageTemplatePayload(user_errors=errors)
    return MessageTemplatePayload(template=Template.of(input.kind, input.language, None))
