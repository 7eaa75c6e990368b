import strawberry

from cozum.auth import service
from cozum.auth.actor import ANONYMOUS, Actor
from cozum.auth.service import SESSION_COOKIE
from cozum.auth.types import StaffUser
from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation


@strawberry.input
class LoginInput:
    email: str
    password: str


@strawberry.type
class LoginPayload:
    user: StaffUser | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    ok: bool
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def login(info: Info, input: LoginInput) -> LoginPayload:  # noqa: A002
    ctx = info.context
    ttl = ctx.settings.session_ttl_hours
    result, errors = await run_mutation(
        info, lambda s: service.login(s, input.email[:254], input.password[:1024], ttl)
    )
    if result is None:
        return LoginPayload(user_errors=errors)
    user, token = result
    ctx.actor = Actor.of(user)
    if ctx.response is not None:
        ctx.response.set_cookie(
            SESSION_COOKIE, token, max_age=ttl * 3600, httponly=True, samesite="lax",
            secure=ctx.settings.secure_cookies, path="/",
        )
    return LoginPayload(user=StaffUser.from_row(user))


async def logout(info: Info) -> LogoutPayload:
    ctx = info.context
    token = ctx.session_token
    if token is not None:
        await run_mutation(info, lambda s: service.logout(s, token))
    ctx.actor = ANONYMOUS
    if ctx.response is not None:
        ctx.response.delete_cookie(SESSION_COOKIE, path="/")
    return LogoutPayload(ok=token is not None)


async def me(info: Info) -> StaffUser | None:
    """The signed-in staff member, or null."""
    actor = info.context.actor
    if actor.user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(actor.user_id)
    return StaffUser.from_row(row) if row else None
