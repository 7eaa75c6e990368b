"""login, logout, logoutEverywhere."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import service, throttle
from cozum.auth.actor import Actor
from cozum.auth.credentials import CSRF_COOKIE, csrf_token
from cozum.auth.models import User
from cozum.auth.service import SESSION_COOKIE
from cozum.auth.types import StaffUser
from cozum.context import Context, Info
from cozum.kit.errors import DomainError, UserError, UserErrorCode
from cozum.kit.mutations import run_mutation


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.type
class LoginPayload:
    user: StaffUser | None = None
    retry_after: int | None = strawberry.field(default=None, description="Seconds to wait when throttled.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def login(info: Info, input: LoginInput) -> LoginPayload:  # noqa: A002
    """At most one database connection at a time, and none while the password is checked:
    a burst of failed sign-ins must not drain the pool the rest of the city needs."""
    ctx = info.context
    email, address = input.email.strip().lower()[:254], ctx.address
    attempt = await _count_attempt(ctx, email, address)
    if isinstance(attempt, LoginPayload):
        return attempt
    user, failure_id = attempt
    if not await service.credentials_match(user, input.password[:1024]):
        async with ctx.independent() as session:
            record(session, AuditAction.LOGIN_FAILED, Actor(label=email), address=address)
        error = DomainError(UserErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password.", ["input"])
        return LoginPayload(user_errors=[UserError.from_error(error)])
    assert user is not None
    ttl = ctx.settings.session_ttl_hours
    result, errors = await run_mutation(info, lambda s: _sign_in(s, ctx, user, failure_id, ttl))
    if result is None:
        return LoginPayload(user_errors=errors)
    _set_cookies(ctx, result, ttl)
    return LoginPayload(user=StaffUser.from_row(user))


async def _count_attempt(ctx: Context, email: str, address: str) -> LoginPayload | tuple[User | None, int]:
    """Refuse when throttled; otherwise count this attempt as failed until it succeeds
    (committed at once, so it counts whatever becomes of the request)."""
    async with ctx.independent() as session:
        await throttle.serialise(session, email)
        wait = await throttle.retry_after(session, email, address)
        if wait is not None:
            # Refused before the password is even looked at: guessing gains nothing.
            record(session, AuditAction.LOGIN_THROTTLED, Actor(label=email), address=address)
            return _throttled(wait)
        failure_id = await throttle.record_failure(session, email, address)
        return await service.find_user(session, email), failure_id


async def _sign_in(session: AsyncSession, ctx: Context, user: User, failure_id: int, ttl: int) -> str:
    await throttle.forget_failure(session, failure_id)
    token = await service.open_session(session, user, ttl)
    ctx.actor = Actor.of(user)
    record(session, AuditAction.LOGIN, ctx.actor, address=ctx.address)
    return token


def _throttled(wait: int) -> LoginPayload:
    error = DomainError(
        UserErrorCode.TOO_MANY_ATTEMPTS, f"Too many failed sign-ins; try again in {wait} s.", ["input"]
    )
    return LoginPayload(retry_after=wait, user_errors=[UserError.from_error(error)])


def _set_cookies(ctx: Context, token: str, ttl: int) -> None:
    if ctx.response is None:
        return
    secure = ctx.settings.secure_cookies
    ctx.response.set_cookie(
        SESSION_COOKIE, token, max_age=ttl * 3600, httponly=True, samesite="lax", secure=secure, path="/"
    )
    # Readable by the console's scripts, which echo it in X-CSRF-Token; another site cannot read it.
    ctx.response.set_cookie(
        CSRF_COOKIE, csrf_token(ctx.settings.secret_key, token), max_age=ttl * 3600,
        httponly=False, samesite="strict", secure=secure, path="/",
    )


def _clear_cookies(ctx: Context) -> None:
    if ctx.response is not None:
        ctx.response.delete_cookie(SESSION_COOKIE, path="/")
        ctx.response.delete_cookie(CSRF_COOKIE, path="/")


async def logout(info: Info) -> LogoutPayload:
    ctx = info.context
    token = ctx.session_token
    if token is not None:
        actor = ctx.actor

        async def act(session: AsyncSession) -> None:
            await service.logout(session, token)
            record(session, AuditAction.LOGOUT, actor, address=ctx.address)

        await run_mutation(info, act)
    ctx.sign_out()
    _clear_cookies(ctx)
    return LogoutPayload(ok=token is not None)


async def logout_everywhere(info: Info) -> LogoutPayload:
    """Ends every session of the signed-in staff member, on every device."""
    ctx = info.context
    actor = ctx.actor
    if actor.user_id is None:
        return LogoutPayload(ok=False)
    user_id = actor.user_id

    async def act(session: AsyncSession) -> None:
        await service.revoke_all_sessions(session, user_id)
        record(session, AuditAction.LOGOUT_EVERYWHERE, actor, address=ctx.address)

    await run_mutation(info, act)
    ctx.sign_out()
    _clear_cookies(ctx)
    return LogoutPayload(ok=True)


async def me(info: Info) -> StaffUser | None:
    """The signed-in staff member, or null."""
    actor = info.context.actor
    if actor.user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(actor.user_id)
    return StaffUser.from_row(row) if row else None
