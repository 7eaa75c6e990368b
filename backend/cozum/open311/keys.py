"""Who may POST: an API key with the SUBMIT scope; anything less is the spec's 403."""

import dataclasses
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.auth import api_keys
from cozum.auth.actor import Actor
from cozum.auth.credentials import presented_api_key, rate_refusal
from cozum.auth.models import ApiKey
from cozum.auth.permissions import ApiScope
from cozum.context import Context
from cozum.kit.time import utcnow
from cozum.open311 import params
from cozum.open311.errors import Open311Error


async def submitter(context: Context, session: AsyncSession, fields: Mapping[str, str]) -> Actor:
    presented = params.text(fields, "api_key") or presented_api_key(context.request.headers)
    if not presented:
        raise Open311Error(403, "api_key is required to submit a request.")
    key = await api_keys.authenticate(session, presented)
    if key is None:
        raise Open311Error(403, "api_key is unknown or revoked.")
    if ApiScope.SUBMIT not in api_keys.key_scopes(key):
        raise Open311Error(403, "This api_key may not submit requests (it lacks the SUBMIT scope).")
    assert key.id is not None
    refused = rate_refusal(key.id, key.rate_limit_per_minute, context.shared.rate_limiter)
    if refused is not None:
        raise Open311Error(429, refused.message, refused.headers)
    actor = Actor.of_key(key.id, key.name, api_keys.key_scopes(key), key.department_id)
    if context.shared.key_use.due(key.id):
        await _note_use(context, key, actor)
    # The timeline says the request came through Open311, and from whose app.
    return dataclasses.replace(actor, label=f"open311:{key.name}")


async def _note_use(context: Context, key: ApiKey, actor: Actor) -> None:
    async with context.independent() as session:
        stored = await session.get(ApiKey, key.id)
        if stored is not None:
            stored.last_used_at = utcnow()
        record(session, AuditAction.API_KEY_USED, actor, address=context.address, target=("ApiKey", key.id))
