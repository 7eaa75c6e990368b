from cozum.context import Info
from cozum.kit.language import Language
from cozum.notifications.models import NotificationKind
from cozum.notifications.templates import stored_templates
from cozum.notifications.types import Template


async def message_templates(info: Info) -> list[Template]:
    """Every kind in every language, in the kinds' order: stored where customised, built-in otherwise."""
    async with info.context.db() as session:
        stored = await stored_templates(session)
    return [
        Template.of(kind, language, stored.get((kind, language)))
        for kind in NotificationKind for language in Language
    ]
