"""Resolving the caller once per request, only when the request got past the free checks."""

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import api_keys
from cozum.auth import service as sessions
from cozum.auth.actor import Actor
from cozum.auth.credentials import Refusal, key_refusal, presented_api_key
from cozum.auth.models import ApiKey
from cozum.context import Context
from cozum.kit.time import utcnow


async def authenticate(context: Context) -> Refusal | None:
    # A WebSocket's operations arrive together and share the connection's context: the
    # first looks the caller up, the others wait for it rather than run as anonymous.
    async with context.authenticating:
        if context.authenticated:
            return None
        refusal = await _identify(context)
        context.authenticated = True
        return refusal


async def _identify(context: Context) -> Refusal | None:
    params = context.connection_params or {}
    # Browsers cannot set headers on a WebSocket: a key may come in `connection_init`.
    presented = presented_api_key(context.request.headers) or (
        str(params["apiKey"]) if isinstance(params, dict) and params.get("apiKey") else None
    )
    if presented:
        return await _with_key(context, presented)
    token = context.request.cookies.get(sessions.SESSION_COOKIE)
    if token:
        async with context.db() as session:
            user = await sessions.user_for_token(session, token)
        if user is not None:
            context.actor, context.auth_method, context.session_token = Actor.of(user), "cookie", token
    return None


async def _with_key(context: Context, presented: str) -> Refusal | None:
    async with context.db() as session:
        key = await api_keys.authenticate(session, presented)
    refusal = key_refusal(key, context.shared.rate_limiter)
    if refusal is not None or key is None:
        return refusal
    assert key.id is not None
    context.actor = Actor.of_key(key.id, key.name, api_keys.key_scopes(key), key.department_id)
    context.auth_method = "api_key"
    context.key_rate_limit = key.rate_limit_per_minute
    if context.shared.key_use.due(key.id):
        await _note_use(context, key)
    return None


async def _note_use(context: Context, key: ApiKey) -> None:
    async with context.independent() as session:
        stored = await session.get(ApiKey, key.id)
        if stored is not None:
            stored.last_used_at = utcnow()
        record(session, AuditAction.API_KEY_USED, context.actor, address=context.address, target=("ApiKey", key.id))
