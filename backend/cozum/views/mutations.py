import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id, to_global_id
from cozum.views import service
from cozum.views.types import SavedView


@strawberry.input
class SaveViewInput:
    name: str = strawberry.field(
        description="At most 80 characters; an existing view of yours by this name is replaced."
    )
    query: str = strawberry.field(description="The console's URL query string, at most 2000 characters.")


@strawberry.type
class SaveViewPayload:
    view: SavedView | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class DeleteViewInput:
    id: strawberry.ID


@strawberry.type
class DeleteViewPayload:
    deleted_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _owner(info: Info) -> int:
    # The field requires USE_CONSOLE, which only staff accounts hold.
    user_id = info.context.actor.user_id
    assert user_id is not None
    return user_id


async def save_view(info: Info, input: SaveViewInput) -> SaveViewPayload:  # noqa: A002
    user_id = _owner(info)
    row, errors = await run_mutation(info, lambda s: service.save_view(s, user_id, input.name, input.query))
    return SaveViewPayload(view=SavedView.from_row(row) if row else None, user_errors=errors)


async def delete_view(info: Info, input: DeleteViewInput) -> DeleteViewPayload:  # noqa: A002
    user_id = _owner(info)

    async def action(session: AsyncSession) -> int:
        view_id = decode_id(input.id, "SavedView", ["input", "id"])
        return await service.delete_view(session, user_id, view_id)

    deleted, errors = await run_mutation(info, action)
    return DeleteViewPayload(deleted_id=to_global_id("SavedView", deleted) if deleted else None, user_errors=errors)
