"""Claiming due deliveries: a lease and a started attempt per row, in one short transaction; a
delivery claimed for the first time gets its body written here, once.

As in the outbox (notifications/claim.py): FOR UPDATE SKIP LOCKED keeps dispatchers side by side
apart, the lease (`locked_until`) holds the row while it is sent outside any transaction, and
`attempts` fences the outcome to the claim that holds the row now.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.departments.models import Category, Department
from cozum.tickets.models import Ticket, TicketEvent
from cozum.webhooks import payload
from cozum.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

WORKER_STOPPED = "the dispatcher stopped before it recorded the outcome; sent again"

# Checked again when a delivery is due, against the endpoint as it is now: an administrator who
# pauses an endpoint, unsubscribes it or narrows its scope stops what was queued before. A body
# already written with a wider scope is not narrowed (it never changes), so it is not sent at all.
WITHHELD = {
    "inactive": "not sent: the endpoint was deactivated before this delivery went out",
    "unsubscribed": "not sent: the endpoint no longer subscribes to this event",
    "internal": "not sent: the endpoint may no longer receive internal events",
    "contact": "not sent: its body carries contact details the endpoint may no longer receive",
    "words": "not sent: its body carries staff's words the endpoint may no longer receive",
}

_CLAIM = text("""
WITH due AS MATERIALIZED (
    SELECT d.id, CASE
        WHEN NOT e.active THEN :inactive
        WHEN NOT (d.event_type = ANY (e.events)) THEN :unsubscribed
        WHEN NOT (coalesce(te.public, false) OR e.include_internal) THEN :internal
        WHEN NOT e.include_contact AND d.payload -> 'data' -> 'ticket' -> 'contact' IS NOT NULL THEN :contact
        WHEN NOT e.include_internal AND d.payload -> 'data' -> 'event' -> 'actor' IS NOT NULL THEN :words
    END AS withheld
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    LEFT JOIN ticket_events te ON te.id = d.ticket_event_id
    WHERE d.status = 'PENDING' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
    ORDER BY d.next_attempt_at
    LIMIT :limit
    FOR UPDATE OF d SKIP LOCKED
), withheld AS (
    UPDATE webhook_deliveries SET status = 'GAVE_UP', gave_up_at = now(), last_error = due.withheld,
                                  locked_until = NULL
    FROM due WHERE webhook_deliveries.id = due.id AND due.withheld IS NOT NULL
    RETURNING webhook_deliveries.id, webhook_deliveries.delivery_id, webhook_deliveries.attempts, due.withheld
), claimed AS (
    UPDATE webhook_deliveries SET locked_until = now() + make_interval(secs => :lease),
                                  attempts = webhook_deliveries.attempts + 1
    FROM due WHERE webhook_deliveries.id = due.id AND due.withheld IS NULL
    RETURNING webhook_deliveries.id, webhook_deliveries.attempts
), stale AS (
    UPDATE webhook_attempts SET error = :stopped, finished_at = now()
    WHERE finished_at IS NULL AND delivery_id IN (SELECT id FROM claimed UNION ALL SELECT id FROM withheld)
), started AS (
    INSERT INTO webhook_attempts (delivery_id, number, started_at)
    SELECT id, attempts, now() FROM claimed
)
SELECT id, NULL AS delivery_id, attempts, NULL AS withheld FROM claimed
UNION ALL SELECT id, delivery_id, attempts, withheld FROM withheld
""")


@dataclass(frozen=True)
class Withheld:
    """A due delivery the endpoint may no longer receive: given up without a try."""

    delivery_id: str
    attempts: int
    reason: str


@dataclass(frozen=True)
class Claimed:
    id: int
    delivery_id: str
    event: str  # as the receiver sees it: ticket.status_changed
    attempt: int
    body: bytes
    url: str
    secret: str
    previous_secret: str | None
    previous_secret_until: datetime | None


async def claim(session: AsyncSession, limit: int, lease_seconds: float) -> tuple[list[Claimed], list[Withheld]]:
    params = {"limit": limit, "lease": lease_seconds, "stopped": WORKER_STOPPED, **WITHHELD}
    found = (await session.execute(_CLAIM, params)).all()
    withheld = [Withheld(row.delivery_id, row.attempts, row.withheld) for row in found if row.withheld]
    ids = [row.id for row in found if not row.withheld]
    if not ids:
        return [], withheld
    stmt = (
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(col(WebhookDelivery.id).in_(ids))
    )
    claimed = []
    for delivery, endpoint in (await session.execute(stmt)).all():
        if delivery.payload is None:
            delivery.payload = await _first_payload(session, delivery, endpoint)
        claimed.append(_claimed(delivery, endpoint))
    await session.flush()
    return claimed, withheld


async def _first_payload(session: AsyncSession, delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> dict[str, Any]:
    stmt = (
        select(TicketEvent, Ticket, Category, Department, Contact)
        .join(Ticket, col(Ticket.id) == col(TicketEvent.ticket_id))
        .join(Category, col(Category.id) == col(Ticket.category_id))
        .outerjoin(Department, col(Department.id) == col(Ticket.department_id))
        .outerjoin(Contact, col(Contact.id) == col(Ticket.contact_id))
        .where(col(TicketEvent.id) == delivery.ticket_event_id)
    )
    event, ticket, category, department, contact = (await session.execute(stmt)).one()
    return payload.build(delivery.delivery_id, endpoint, event, ticket, category, department, contact)


def _claimed(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> Claimed:
    assert delivery.id is not None
    # Compact and with sorted keys: the same bytes on every try of the same document.
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    return Claimed(
        id=delivery.id, delivery_id=delivery.delivery_id, event=WebhookEvent(delivery.event_type).wire_name,
        attempt=delivery.attempts, body=body, url=endpoint.url, secret=endpoint.secret,
        previous_secret=endpoint.previous_secret, previous_secret_until=endpoint.previous_secret_until,
    )
