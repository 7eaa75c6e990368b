"""What Meta says of the messages we sent (sent, delivered, read, failed): a DeliveryReceipt per
message and status, matched to our attempt by the id Meta gave when it took the message. A
receipt for an id we never sent is kept unmatched (outbox_id NULL) and otherwise ignored."""

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.kit.time import utcnow
from cozum.notifications.models import DeliveryAttempt, DeliveryReceipt
from cozum.whatsapp.parse import Receipt


async def _attempts(session: AsyncSession, ids: set[str]) -> dict[str | None, tuple[int | None, int]]:
    """Provider id → (attempt id, outbox id); the latest attempt if one id came back twice."""
    stmt = (
        select(col(DeliveryAttempt.provider_message_id), col(DeliveryAttempt.id), col(DeliveryAttempt.outbox_id))
        .where(col(DeliveryAttempt.provider_message_id).in_(ids))
        .order_by(col(DeliveryAttempt.id))
    )
    return {provider_id: (attempt_id, outbox_id) for provider_id, attempt_id, outbox_id in await session.execute(stmt)}


async def record_receipts(session: AsyncSession, receipts: list[Receipt]) -> None:
    """A status Meta repeats is kept once."""
    if not receipts:
        return
    matched = await _attempts(session, {r.provider_message_id for r in receipts})
    rows, now = [], utcnow()
    for receipt in receipts:
        attempt_id, outbox_id = matched.get(receipt.provider_message_id, (None, None))
        rows.append({
            "provider_message_id": receipt.provider_message_id, "status": receipt.status,
            "occurred_at": receipt.occurred_at, "error": receipt.error,
            "attempt_id": attempt_id, "outbox_id": outbox_id, "received_at": now,
        })
    stmt = insert(DeliveryReceipt).values(rows).on_conflict_do_nothing(constraint="uq_delivery_receipts_status")
    await session.execute(stmt)
