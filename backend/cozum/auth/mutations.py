"""login, logout, logoutEverywhere."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import devices, service, throttle
from cozum.auth.actor import Actor
from cozum.auth.credentials import CSRF_COOKIE, AuthMethod, Credentials, csrf_token
from cozum.auth.devices import DEVICE_COOKIE
from cozum.auth.models import User
from cozum.auth.service import SESSION_COOKIE
from cozum.auth.types import StaffUser
from cozum.context import Context, Info
from cozum.kit.address_limits import address_key
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
    email = input.email.strip().lower()[:254]
    device_cookie = ctx.request.cookies.get(DEVICE_COOKIE)
    attempt = throttle.Attempt(
        email=email, address=address_key(ctx.address),
        device=devices.recognised(ctx.settings.secret_key, device_cookie, email),
    )
    counted = await _count_attempt(ctx, attempt)
    if isinstance(counted, LoginPayload):
        return counted
    user, failure_id = counted
    if not await service.credentials_match(user, input.password[:1024]):
        async with ctx.independent() as session:
            record(session, AuditAction.LOGIN_FAILED, Actor(label=email), address=ctx.address)
        error = DomainError(UserErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password.", ["input"])
        return LoginPayload(user_errors=[UserError.from_error(error)])
    assert user is not None
    ttl = ctx.settings.session_ttl_hours
    result, errors = await run_mutation(info, lambda s: _sign_in(s, ctx, user, failure_id, ttl))
    if result is None:
        return LoginPayload(user_errors=errors)
    _set_cookies(ctx, result, ttl)
    _remember_device(ctx, device_cookie, email)
    return LoginPayload(user=StaffUser.from_row(user))


async def _count_attempt(ctx: Context, attempt: throttle.Attempt) -> LoginPayload | tuple[User | None, int]:
    """Refuse when throttled; otherwise count this attempt as failed until it succeeds
    (committed at once, so it counts whatever becomes of the request)."""
    async with throttle.taking_turns(attempt), ctx.independent() as session:
        await throttle.serialise(session, attempt)
        wait = await throttle.retry_after(session, attempt)
        if wait is not None:
            # Refused before the password is even looked at: guessing gains nothing.
            if _audit_throttling(ctx, attempt):
                record(session, AuditAction.LOGIN_THROTTLED, Actor(label=attempt.email), address=ctx.address)
            return _throttled(ctx, wait)
        failure_id = await throttle.record_failure(session, attempt)
        return await service.find_user(session, attempt.email), failure_id


def _audit_throttling(ctx: Context, attempt: throttle.Attempt) -> bool:
    """Once a minute per address and account: that an attack goes on is worth a row, each of
    its refusals is not (a client refused a hundred times a second would grow the log as fast)."""
    audited = ctx.shared.anonymous_limits.throttled_sign_ins
    return audited.take(f"{attempt.address} {attempt.email}", per_minute=1) is None


async def _sign_in(session: AsyncSession, ctx: Context, user: User, failure_id: int, ttl: int) -> str:
    await throttle.forget_failure(session, failure_id)
    token = await service.open_session(session, user, ttl)
    ctx.credentials = Credentials(Actor.of(user), AuthMethod.COOKIE, session_token=token)
    record(session, AuditAction.LOGIN, ctx.actor, address=ctx.address)
    return token


def _throttled(ctx: Context, wait: int) -> LoginPayload:
    if ctx.response is not None:
        ctx.response.headers["Retry-After"] = str(wait)
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


def _remember_device(ctx: Context, cookie: str | None, email: str) -> None:
    """Outlives the session and signing out: it is what lets the owner in during an attack."""
    if ctx.response is None:
        return
    ctx.response.set_cookie(
        DEVICE_COOKIE, devices.remembered(ctx.settings.secret_key, cookie, email),
        max_age=int(devices.MAX_AGE.total_seconds()), httponly=True, samesite="strict",
        secure=ctx.settings.secure_cookies, path="/graphql",
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
