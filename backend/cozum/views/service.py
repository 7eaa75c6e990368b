"""Saved views: each staff member's own, by name; saving under a name again replaces it."""

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.views.models import NAME_MAX, QUERY_MAX, SavedView

# Plenty for one person's queues, and a bound on what one account can store.
MAX_VIEWS = 100


async def views_of(session: AsyncSession, user_id: int) -> list[SavedView]:
    stmt = select(SavedView).where(col(SavedView.staff_user_id) == user_id).order_by(
        col(SavedView.name), col(SavedView.id)
    )
    return list((await session.execute(stmt)).scalars())


def _clean_name(name: str) -> str:
    cleaned = name.strip()
    if not cleaned:
        raise DomainError(UserErrorCode.REQUIRED, "Give the view a name.", ["input", "name"])
    if len(cleaned) > NAME_MAX:
        raise DomainError(UserErrorCode.TOO_LONG, f"A name is at most {NAME_MAX} characters.", ["input", "name"])
    return cleaned


def _check_query(query: str) -> None:
    if len(query) > QUERY_MAX:
        raise DomainError(UserErrorCode.TOO_LONG, f"A view is at most {QUERY_MAX} characters.", ["input", "query"])


async def _check_room(session: AsyncSession, user_id: int, name: str) -> None:
    # Replacing a view under its own name takes no more room.
    others = select(func.count()).select_from(SavedView).where(
        col(SavedView.staff_user_id) == user_id, col(SavedView.name) != name
    )
    if (await session.execute(others)).scalar_one() >= MAX_VIEWS:
        raise DomainError(
            UserErrorCode.INVALID, f"At most {MAX_VIEWS} saved views; delete one first.", ["input", "name"]
        )


async def save_view(session: AsyncSession, user_id: int, name: str, query: str) -> SavedView:
    """The view under `name`, created or with its query replaced (its id stays)."""
    cleaned = _clean_name(name)
    _check_query(query)
    await _check_room(session, user_id, cleaned)
    stmt = (
        insert(SavedView)
        .values(staff_user_id=user_id, name=cleaned, query=query, created_at=func.now())
        .on_conflict_do_update(constraint="uq_saved_views_user_name", set_={"query": query})
        .returning(SavedView)
        .execution_options(populate_existing=True)
    )
    return (await session.execute(stmt)).scalar_one()


async def delete_view(session: AsyncSession, user_id: int, view_id: int) -> int:
    """Someone else's view is as missing as one that never was."""
    stmt = (
        delete(SavedView)
        .where(col(SavedView.id) == view_id, col(SavedView.staff_user_id) == user_id)
        .returning(col(SavedView.id))
    )
    deleted = (await session.execute(stmt)).scalar_one_or_none()
    if deleted is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such saved view.", ["input", "id"])
    return int(deleted)
