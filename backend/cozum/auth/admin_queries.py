from sqlalchemy import select

from cozum.auth import models
from cozum.auth.admin_types import ApiKey
from cozum.auth.types import StaffUser
from cozum.context import Info
from cozum.kit.pagination import Connection, PageArgs, SortKey, paginate

_K = models.ApiKey.__table__.c  # type: ignore[attr-defined]
_U = models.User.__table__.c  # type: ignore[attr-defined]
_KEY_ORDER = SortKey(_K.id, _K.id, False)
_USER_ORDER = SortKey(_U.id, _U.id, False)


async def api_keys(info: Info, first: int | None = None, after: str | None = None) -> Connection[ApiKey]:
    args = PageArgs(first=first, after=after)
    base = select(_K.id, models.ApiKey)
    return await paginate(info.context, base, _KEY_ORDER, args, ApiKey.from_row)


async def staff_users(info: Info, first: int | None = None, after: str | None = None) -> Connection[StaffUser]:
    args = PageArgs(first=first, after=after)
    base = select(_U.id, models.User)
    return await paginate(info.context, base, _USER_ORDER, args, StaffUser.from_row)
