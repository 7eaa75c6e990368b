"""Registering endpoints, changing them, rotating their secrets, sending a delivery again."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import required_text
from cozum.kit.time import utcnow
from cozum.notifications.models import OutboxStatus
from cozum.webhooks.destinations import Refused, check_url
from cozum.webhooks.dispatcher import CHANNEL
from cozum.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

NAME_MAX = 100


@dataclass(frozen=True)
class EndpointChanges:
    name: str | None = None
    url: str | None = None
    events: list[WebhookEvent] | None = None
    include_contact: bool | None = None
    include_internal: bool | None = None
    active: bool | None = None


def new_secret() -> str:
    return secrets.token_urlsafe(32)


async def create_endpoint(
    session: AsyncSession, changes: EndpointChanges, *, allow_private: bool, created_by_id: int | None
) -> tuple[WebhookEndpoint, str]:
    """The endpoint and its secret (kept for signing, shown to the administrator only now)."""
    secret = new_secret()
    endpoint = WebhookEndpoint(
        name=_name(changes.name), url=_url(changes.url, allow_private), events=_events(changes.events or []),
        secret=secret, include_contact=bool(changes.include_contact),
        include_internal=bool(changes.include_internal), created_by_id=created_by_id,
    )
    session.add(endpoint)
    await session.flush()
    return endpoint, secret


async def update_endpoint(
    session: AsyncSession, endpoint: WebhookEndpoint, changes: EndpointChanges, *, allow_private: bool
) -> WebhookEndpoint:
    """`endpoint` as `locked_endpoint` gave it."""
    if changes.name is not None:
        endpoint.name = _name(changes.name)
    if changes.url is not None:
        endpoint.url = _url(changes.url, allow_private)
    if changes.events is not None:
        endpoint.events = _events(changes.events)
    for flag in ("include_contact", "include_internal", "active"):
        if getattr(changes, flag) is not None:
            setattr(endpoint, flag, getattr(changes, flag))
    endpoint.updated_at = utcnow()
    await session.flush()
    return endpoint


async def rotate_secret(session: AsyncSession, endpoint_id: int, grace: timedelta) -> tuple[WebhookEndpoint, str]:
    """A new secret; the one it replaces still signs (as a second signature) for `grace`."""
    endpoint = await locked_endpoint(session, endpoint_id)
    secret, now = new_secret(), utcnow()
    endpoint.previous_secret, endpoint.previous_secret_until = (endpoint.secret, now + grace) if grace else (None, None)
    endpoint.secret, endpoint.updated_at = secret, now
    await session.flush()
    return endpoint, secret


async def resend_delivery(session: AsyncSession, delivery_id: int) -> WebhookDelivery:
    """The same delivery (same id, same body) queued again, whatever became of it."""
    delivery = await session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such delivery.", ["input", "id"])
    now = utcnow()
    delivery.status, delivery.next_attempt_at, delivery.queued_at, delivery.gave_up_at = (
        OutboxStatus.PENDING, now, now, None
    )
    await session.flush()
    # Only inserts NOTIFY by trigger; without this the dispatchers would see it at their next poll.
    await session.execute(text("SELECT pg_notify(:channel, :id)"), {"channel": CHANNEL, "id": str(delivery.id)})
    return delivery


async def locked_endpoint(session: AsyncSession, endpoint_id: int) -> WebhookEndpoint:
    endpoint = await session.get(WebhookEndpoint, endpoint_id, with_for_update=True)
    if endpoint is None:
        raise DomainError(UserErrorCode.NOT_FOUND, "No such webhook endpoint.", ["input", "id"])
    return endpoint


def _name(name: str | None) -> str:
    return required_text(name, NAME_MAX, ["input", "name"])


def _url(url: str | None, allow_private: bool) -> str:
    text = required_text(url, 2000, ["input", "url"])
    try:
        check_url(text, allow_private=allow_private)
    except Refused as refused:
        raise DomainError(UserErrorCode.INVALID, str(refused), ["input", "url"]) from None
    return text


def _events(events: list[WebhookEvent]) -> list[str]:
    if not events:
        raise DomainError(UserErrorCode.REQUIRED, "Subscribe to at least one event.", ["input", "events"])
    return sorted({event.value for event in events})
