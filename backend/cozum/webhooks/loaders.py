"""The delivery log of every endpoint on a page in one statement, not one per endpoint."""

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from strawberry.dataloader import DataLoader

from cozum.webhooks.models import WebhookDelivery

if TYPE_CHECKING:
    from cozum.context import Context

NEWEST = 2**63 - 1  # below every id: the first page
# Each endpoint's newest deliveries below the cursor, along ix_webhook_deliveries_endpoint.
_PAGES = text("""
SELECT d.* FROM unnest(CAST(:endpoints AS integer[])) AS e(id)
CROSS JOIN LATERAL (
    SELECT * FROM webhook_deliveries
    WHERE endpoint_id = e.id AND id < :below ORDER BY id DESC LIMIT :size
) AS d
ORDER BY d.endpoint_id, d.id DESC
""")

Key = tuple[int, int, int]  # (endpoint id, the id below which, how many)


class DeliveryPagesLoader(DataLoader[Key, list[WebhookDelivery]]):
    def __init__(self, context: "Context") -> None:
        self.context = context
        super().__init__(load_fn=self._load)

    async def _load(self, keys: Sequence[Key]) -> list[list[WebhookDelivery]]:
        found: dict[Key, list[WebhookDelivery]] = {key: [] for key in keys}
        pages = {(below, size) for _, below, size in keys}  # the same for every endpoint, normally
        async with self.context.db() as session:
            for below, size in pages:
                endpoints = [endpoint for endpoint, b, s in keys if (b, s) == (below, size)]
                params: dict[str, Any] = {"endpoints": endpoints, "below": below, "size": size}
                stmt = select(WebhookDelivery).from_statement(_PAGES)
                for row in (await session.execute(stmt, params)).scalars():
                    found[(row.endpoint_id, below, size)].append(row)
        return [found[key] for key in keys]


# Kept with the request's other loaders (and renewed with them), without a slot of its own there.
_LOADERS: "weakref.WeakKeyDictionary[Any, DeliveryPagesLoader]" = weakref.WeakKeyDictionary()


def delivery_pages(context: "Context") -> DeliveryPagesLoader:
    loaders = context.loaders
    if loaders not in _LOADERS:
        _LOADERS[loaders] = DeliveryPagesLoader(context)
    return _LOADERS[loaders]
