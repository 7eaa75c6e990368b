"""Administration: API keys and staff accounts. Every change leaves an audit row."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import api_keys, service
from cozum.auth.admin_types import ApiKey
from cozum.auth.models import ApiKey as ApiKeyRow
from cozum.auth.models import StaffRole
from cozum.auth.models import User as UserRow
from cozum.auth.permissions import ApiScope
from cozum.auth.types import StaffUser
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError, UserErrorCode
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id


@strawberry.input
class CreateApiKeyInput:
    name: str
    scopes: list[ApiScope]
    department_id: strawberry.ID | None = strawberry.field(default=None, description="Required for READ_DEPARTMENT.")
    rate_limit_per_minute: int = 600


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None = None
    key: str | None = strawberry.field(default=None, description="Shown once; store it now.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def create_api_key(info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> tuple[ApiKeyRow, str]:
        department = None
        if input.department_id is not None:
            department = decode_id(input.department_id, "Department", ["input", "departmentId"])
        row, key = await api_keys.create_api_key(
            session, input.name, input.scopes, department_id=department,
            rate_limit_per_minute=input.rate_limit_per_minute, created_by_id=actor.user_id,
        )
        record(session, AuditAction.API_KEY_CREATED, actor, address=address, target=("ApiKey", row.id),
               data={"scopes": row.scopes, "name": row.name})
        return row, key

    result, errors = await run_mutation(info, act)
    if result is None:
        return CreateApiKeyPayload(user_errors=errors)
    return CreateApiKeyPayload(api_key=ApiKey.from_row(result[0]), key=result[1])


@strawberry.input
class RevokeApiKeyInput:
    id: strawberry.ID


@strawberry.type
class RevokeApiKeyPayload:
    api_key: ApiKey | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def revoke_api_key(info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> ApiKeyRow:
        row = await api_keys.revoke_api_key(session, decode_id(input.id, "ApiKey", ["input", "id"]))
        record(session, AuditAction.API_KEY_REVOKED, actor, address=address, target=("ApiKey", row.id))
        return row

    row, errors = await run_mutation(info, act)
    return RevokeApiKeyPayload(api_key=ApiKey.from_row(row) if row else None, user_errors=errors)


@strawberry.input
class CreateStaffUserInput:
    email: str
    name: str
    password: str
    role: StaffRole
    department_code: str | None = None


@strawberry.input
class UpdateStaffUserInput:
    id: strawberry.ID
    role: StaffRole | None = None
    department_code: str | None = None
    clear_department: bool = strawberry.field(
        default=False, description="Belongs to no department any more (not with departmentCode)."
    )
    active: bool | None = strawberry.field(default=None, description="False also ends every session at once.")


@strawberry.type
class StaffUserPayload:
    user: StaffUser | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def create_staff_user(info: Info, input: CreateStaffUserInput) -> StaffUserPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> UserRow:
        user = await service.create_user(
            session, input.email, input.password, input.role, input.name, input.department_code
        )
        record(session, AuditAction.USER_CREATED, actor, address=address, target=("User", user.id),
               data={"role": user.role.value, "departmentId": user.department_id})
        return user

    row, errors = await run_mutation(info, act)
    return StaffUserPayload(user=StaffUser.from_row(row) if row else None, user_errors=errors)


async def update_staff_user(info: Info, input: UpdateStaffUserInput) -> StaffUserPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> UserRow:
        user = await session.get(UserRow, decode_id(input.id, "StaffUser", ["input", "id"]), with_for_update=True)
        if user is None:
            raise DomainError(UserErrorCode.NOT_FOUND, "No such staff member.", ["input", "id"])
        before = {"role": user.role.value, "departmentId": user.department_id, "active": user.active}
        await service.update_user(
            session, user, input.role, input.department_code, input.active, clear_department=input.clear_department
        )
        after = {"role": user.role.value, "departmentId": user.department_id, "active": user.active}
        action = AuditAction.USER_DEACTIVATED if before["active"] and not user.active else AuditAction.ROLE_CHANGED
        changes = {"before": before, "after": after}
        record(session, action, actor, address=address, target=("User", user.id), data=changes)
        return user

    row, errors = await run_mutation(info, act)
    return StaffUserPayload(user=StaffUser.from_row(row) if row else None, user_errors=errors)
