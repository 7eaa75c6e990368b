"""Resolving the caller once per request, only when the request got past the free checks."""

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import service as sessions
from cozum.auth.credentials import UNKNOWN_KEY, AuthMethod, Credentials, Refusal, presented_api_key, rate_refusal
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
        grant = await context.shared.credential_cache.session(token)
        if grant is not None:
            context.credentials = Credentials(grant.actor, AuthMethod.COOKIE, session_token=token)
    return None


async def _with_key(context: Context, presented: str) -> Refusal | None:
    grant = await context.shared.credential_cache.api_key(presented)
    if grant is None:
        return UNKNOWN_KEY
    key_id, per_minute = grant.actor.api_key_id, grant.rate_limit
    assert key_id is not None and per_minute is not None
    refusal = rate_refusal(key_id, per_minute, context.shared.rate_limiter)
    if refusal is not None:
        return refusal
    context.credentials = Credentials(grant.actor, AuthMethod.API_KEY, key_rate_limit=per_minute)
    if context.shared.key_use.due(key_id):
        await _note_use(context, key_id)
    return None


async def _note_use(context: Context, key_id: int) -> None:
    async with context.independent() as session:
        stored = await session.get(ApiKey, key_id)
        if stored is not None:
            stored.last_used_at = utcnow()
        record(session, AuditAction.API_KEY_USED, context.actor, address=context.address, target=("ApiKey", key_id))
