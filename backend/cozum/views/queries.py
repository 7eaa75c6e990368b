from cozum.context import Info
from cozum.views.service import views_of
from cozum.views.types import SavedView


async def saved_views(info: Info) -> list[SavedView]:
    user_id = info.context.actor.user_id
    if user_id is None:
        return []
    async with info.context.db() as session:
        return [SavedView.from_row(row) for row in await views_of(session, user_id)]
