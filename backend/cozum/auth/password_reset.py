"""resetStaffPassword: an administrator sets a new password, or has a temporary one made.

Every session the person had ends with it (whoever knew the old password may be signed in),
and live consoles on those sessions are closed at the next rights check (live/recheck.py).
An administrator resetting their own password keeps the session they are doing it from.
"""

import secrets

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import service
from cozum.auth.models import User
from cozum.auth.passwords import MIN_LENGTH, hash_password
from cozum.auth.types import StaffUser
from cozum.context import Info
from cozum.kit.errors import DomainError, UserError, UserErrorCode
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id

# What sign-in reads of a password (auth/mutations.py): a longer one could never be typed in.
MAX_LENGTH = 1024
# No 0/O, 1/l/I: the temporary password is read aloud or copied by hand. 20 of 31 symbols: ~99 bits.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP_LENGTH = 4, 5


@strawberry.input
class ResetStaffPasswordInput:
    id: strawberry.ID
    password: str | None = strawberry.field(
        default=None, description=f"At least {MIN_LENGTH} characters; absent: a temporary one is made and returned."
    )


@strawberry.type
class ResetStaffPasswordPayload:
    user: StaffUser | None = None
    temporary_password: str | None = strawberry.field(
        default=None, description="Only when Çözüm made the password; shown once, never stored."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def temporary_password() -> str:
    groups = ("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH)) for _ in range(_GROUPS))
    return "-".join(groups)


def _chosen(password: str) -> str:
    field = ["input", "password"]
    if len(password) < MIN_LENGTH:
        raise DomainError(UserErrorCode.INVALID, f"Passwords need at least {MIN_LENGTH} characters.", field)
    if len(password) > MAX_LENGTH:
        raise DomainError(UserErrorCode.TOO_LONG, f"Longer than {MAX_LENGTH} characters.", field)
    return password


async def _user(session: AsyncSession, global_id: str) -> User:
    field = ["input", "id"]
    user = await session.get(User, decode_id(global_id, "StaffUser", field), with_for_update=True)
    if user is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such staff member.", field)
    return user


async def reset_staff_password(info: Info, input: ResetStaffPasswordInput) -> ResetStaffPasswordPayload:  # noqa: A002
    ctx = info.context
    actor = ctx.actor
    generated = temporary_password() if input.password is None else None
    try:
        password = generated or _chosen(input.password or "")
    except DomainError as error:
        return ResetStaffPasswordPayload(user_errors=[UserError.from_error(error)])
    # Hashed before the request's session is taken: argon2 is slow on purpose.
    password_hash = await hash_password(password)

    async def act(session: AsyncSession) -> User:
        user = await _user(session, input.id)
        assert user.id is not None
        user.password_hash = password_hash
        own = ctx.session_token if user.id == actor.user_id else None
        ended = await service.revoke_all_sessions(session, user.id, keep=own)
        how = "temporary password generated" if generated else "password set by an administrator"
        record(
            session, AuditAction.PASSWORD_RESET, actor, address=ctx.address, target=("User", user.id),
            reason=f"{user.email}: {how}; {ended} session(s) ended",
            data={"generated": generated is not None, "sessionsEnded": ended},
        )
        await session.flush()
        return user

    row, errors = await run_mutation(info, act)
    if row is None:
        return ResetStaffPasswordPayload(user_errors=errors)
    return ResetStaffPasswordPayload(user=StaffUser.from_row(row), temporary_password=generated)
