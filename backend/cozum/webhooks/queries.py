from sqlalchemy import select
from sqlmodel import col

from cozum.context import Info
from cozum.webhooks import models
from cozum.webhooks.types import WebhookEndpoint


async def webhook_endpoints(info: Info) -> list[WebhookEndpoint]:
    async with info.context.db() as session:
        stmt = select(models.WebhookEndpoint).order_by(col(models.WebhookEndpoint.id))
        return [WebhookEndpoint.from_row(row) for row in (await session.execute(stmt)).scalars()]
