"""createWebhookEndpoint, updateWebhookEndpoint, rotateWebhookSecret, resendWebhookDelivery.

Every change to an endpoint leaves an audit row; secrets never enter the audit log.
"""

from datetime import timedelta
from typing import TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.audit.models import AuditAction
from cozum.audit.service import record
from cozum.context import Info
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id
from cozum.webhooks import models, service
from cozum.webhooks.models import WebhookEvent
from cozum.webhooks.service import EndpointChanges
from cozum.webhooks.types import WebhookDelivery, WebhookEndpoint

_ID = ["input", "id"]


@strawberry.input
class CreateWebhookEndpointInput:
    name: str
    url: str = strawberry.field(description="http(s); in production a public host only.")
    events: list[WebhookEvent]
    include_contact: bool = False
    include_internal: bool = False


@strawberry.input(description="Only the fields given change.")
class UpdateWebhookEndpointInput:
    id: strawberry.ID
    name: str | None = None
    url: str | None = None
    events: list[WebhookEvent] | None = None
    include_contact: bool | None = None
    include_internal: bool | None = None
    active: bool | None = None


@strawberry.input
class RotateWebhookSecretInput:
    id: strawberry.ID
    retire_old_secret_now: bool = strawberry.field(
        default=False,
        description="The old secret stops signing at once, with no grace period: for a secret that leaked.",
    )


@strawberry.input
class ResendWebhookDeliveryInput:
    id: strawberry.ID


@strawberry.type
class UpdateWebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CreateWebhookEndpointPayload:
    endpoint: WebhookEndpoint | None = None
    secret: str | None = strawberry.field(default=None, description="Shown once; store it now.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RotateWebhookSecretPayload(CreateWebhookEndpointPayload):
    pass


@strawberry.type
class ResendWebhookDeliveryPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _audit_data(endpoint: models.WebhookEndpoint) -> dict[str, object]:
    return {"name": endpoint.name, "url": endpoint.url, "events": endpoint.events, "active": endpoint.active,
            "includeContact": endpoint.include_contact, "includeInternal": endpoint.include_internal}


WithSecret = TypeVar("WithSecret", bound=CreateWebhookEndpointPayload)


def _with_secret(
    payload: type[WithSecret], result: tuple[models.WebhookEndpoint, str] | None, errors: list[UserError]
) -> WithSecret:
    if result is None:
        return payload(user_errors=errors)
    return payload(endpoint=WebhookEndpoint.from_row(result[0]), secret=result[1])


async def create_webhook_endpoint(info: Info, input: CreateWebhookEndpointInput) -> CreateWebhookEndpointPayload:  # noqa: A002
    actor, address, settings = info.context.actor, info.context.address, info.context.settings

    async def act(session: AsyncSession) -> tuple[models.WebhookEndpoint, str]:
        changes = EndpointChanges(input.name, input.url, input.events, input.include_contact, input.include_internal)
        endpoint, secret = await service.create_endpoint(
            session, changes, allow_private=settings.webhooks_reach_private, created_by_id=actor.user_id
        )
        record(session, AuditAction.WEBHOOK_CREATED, actor, address=address, target=("WebhookEndpoint", endpoint.id),
               data=_audit_data(endpoint))
        return endpoint, secret

    return _with_secret(CreateWebhookEndpointPayload, *await run_mutation(info, act))


async def update_webhook_endpoint(info: Info, input: UpdateWebhookEndpointInput) -> UpdateWebhookEndpointPayload:  # noqa: A002
    actor, address, settings = info.context.actor, info.context.address, info.context.settings

    async def act(session: AsyncSession) -> models.WebhookEndpoint:
        changes = EndpointChanges(
            input.name, input.url, input.events, input.include_contact, input.include_internal, input.active
        )
        endpoint = await service.locked_endpoint(session, decode_id(input.id, "WebhookEndpoint", _ID))
        before = _audit_data(endpoint)
        await service.update_endpoint(session, endpoint, changes, allow_private=settings.webhooks_reach_private)
        record(session, AuditAction.WEBHOOK_UPDATED, actor, address=address, target=("WebhookEndpoint", endpoint.id),
               data={"before": before, "after": _audit_data(endpoint)})
        return endpoint

    row, errors = await run_mutation(info, act)
    return UpdateWebhookEndpointPayload(endpoint=WebhookEndpoint.from_row(row) if row else None, user_errors=errors)


async def rotate_webhook_secret(info: Info, input: RotateWebhookSecretInput) -> RotateWebhookSecretPayload:  # noqa: A002
    actor, address, settings = info.context.actor, info.context.address, info.context.settings

    async def act(session: AsyncSession) -> tuple[models.WebhookEndpoint, str]:
        # A leaked secret must stop signing now, even if a receiver not yet switched refuses a while.
        grace = timedelta(0) if input.retire_old_secret_now else timedelta(hours=settings.webhook_secret_grace_hours)
        endpoint, secret = await service.rotate_secret(session, decode_id(input.id, "WebhookEndpoint", _ID), grace)
        until = endpoint.previous_secret_until
        record(session, AuditAction.WEBHOOK_SECRET_ROTATED, actor, address=address,
               target=("WebhookEndpoint", endpoint.id),
               data={"previousSecretUntil": until.isoformat() if until else None,
                     "retiredOldSecretNow": input.retire_old_secret_now})
        return endpoint, secret

    return _with_secret(RotateWebhookSecretPayload, *await run_mutation(info, act))


async def resend_webhook_delivery(info: Info, input: ResendWebhookDeliveryInput) -> ResendWebhookDeliveryPayload:  # noqa: A002
    async def act(session: AsyncSession) -> models.WebhookDelivery:
        return await service.resend_delivery(session, decode_id(input.id, "WebhookDelivery", _ID))

    row, errors = await run_mutation(info, act)
    return ResendWebhookDeliveryPayload(delivery=WebhookDelivery.from_row(row) if row else None, user_errors=errors)
