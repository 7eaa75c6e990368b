"""Writing a new ticket: its reference, its row, its CREATED event, the citizen's RECEIVED
message and their contact row if need be, in one statement: of the request's transaction, or
on its own when it is the whole change (db.connection_for_change).

The ORM's unit of work cost some 1.5 ms of Python per ticket filed (objects, identity map, four
flushed statements), most of a submission's time. And the reference comes from a counter row
that stays locked until the transaction ends (references have no gaps): written last and in the
same statement as the rest, it is held for that statement and the commit only (for the statement
only, run on its own), not across the round trips and the event loop's turns between four
statements.

The same statement checks the category's terms the filing was worked out from (what this
process remembered of them, departments/terms.py): when they are no longer the category's as
the statement begins, it writes nothing, the counter included, and the caller reads them again.
"""

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import Actor
from cozum.contacts import service as contacts
from cozum.contacts.service import ContactDetails
from cozum.db import connection_for_change
from cozum.departments.terms import Terms
from cozum.kit.language import Language
from cozum.notifications import outbox
from cozum.notifications.models import NotificationKind
from cozum.tickets.enums import (
    PUBLIC_EVENT_TYPES,
    IntakeChannel,
    Priority,
    ReplyChannel,
    RequestType,
    TicketEventType,
    TicketStatus,
)
from cozum.tickets.models import ACTOR_LABEL_MAX


@dataclass(frozen=True)
class Filing:
    """A new ticket's row as intake cleaned it; the reference is the statement's to give."""

    year: int  # of the reference, in Istanbul
    prefix: str
    secret_hash: str
    tracking_seed: str
    language: Language
    privacy_notice_version: str | None
    request_type: RequestType
    terms: Terms  # the category's, as the due dates and the priority were worked out from them
    department_id: int | None
    contact_id: int | None
    priority: Priority
    channel: IntakeChannel
    channel_reference: str | None
    idempotency_key: str | None
    idempotency_fingerprint: str | None
    reply_channel: ReplyChannel
    title: str
    description: str
    latitude: float | None
    longitude: float | None
    address: str | None
    neighbourhood: str | None
    due_at: datetime | None
    legal_due_at: datetime | None
    at: datetime
    # The citizen's details, when their contact row is not known (contact_id is None): the
    # statement finds the row these are exactly the details of, or writes one.
    contact: ContactDetails | None = None


@dataclass(frozen=True)
class Filed:
    ticket_id: int
    reference: str
    event_id: int


# The number is padded to six digits and grows past them (TKT-2026-000042, then TKT-2026-1000000).
_STATEMENT = """
WITH terms AS (
    SELECT id FROM categories
    WHERE id = $8 AND active AND department_id IS NOT DISTINCT FROM $34 AND sla_hours IS NOT DISTINCT FROM $35
        AND default_priority = $36 AND remit = $37 AND external_institution IS NOT DISTINCT FROM $38
), {contact}counter AS (
    INSERT INTO ticket_counters (year, last_value) SELECT $1::integer, 1 FROM terms
    ON CONFLICT (year) DO UPDATE SET last_value = ticket_counters.last_value + 1
    RETURNING last_value::text AS number
), ticket AS (
    INSERT INTO tickets (
        reference, secret_hash, tracking_seed, language, privacy_notice_version, request_type,
        category_id, department_id, contact_id, status, priority, channel, channel_reference,
        idempotency_key, idempotency_fingerprint, reply_channel, title, description,
        latitude, longitude, address, neighbourhood, due_at, legal_due_at, created_at, updated_at, version
    )
    SELECT $2 || '-' || $1 || '-' || lpad(number, greatest(6, length(number)), '0'),
        $3, $4, $5, $6, $7, $8, $9, {contact_id}, 'NEW', $11, $12, $13, $14, $15, $16, $17, $18,
        $19, $20, $21, $22, $23, $24, $25, $25, 1
    FROM counter
    RETURNING id, reference
), event AS (
    INSERT INTO ticket_events (ticket_id, type, actor_id, actor_label, public, to_status, data, created_at)
    SELECT id, 'CREATED', $26, $27, $28, 'NEW', $29, $25 FROM ticket
    RETURNING id
), message AS (
    INSERT INTO outbox (ticket_id, kind, channel, language, data, idempotency_key, status, attempts,
        next_attempt_at, created_at)
    SELECT id, $30, $16, $5, $31, $32, 'PENDING', 0, $25, $25 FROM ticket WHERE $33
)
SELECT ticket.id, ticket.reference, event.id FROM ticket, event
"""
_WITHOUT_CONTACT = _STATEMENT.format(contact="", contact_id="$10")


def _statement(new: Filing) -> tuple[str, list[str]]:
    """The statement for `new`, and the values of the parameters it adds (from $39): the
    citizen's contact row is found or written by the same statement, and only if it files."""
    if new.contact is None or new.contact_id is not None:  # no details, or their row is known
        return _WITHOUT_CONTACT, []
    ctes, values = contacts.found_or_written(
        new.contact, first=39, preferred="$16::varchar", at="$25::timestamptz", only_if="EXISTS (SELECT FROM terms)"
    )
    # $10 (None here) stays in the statement: PostgreSQL refuses a parameter it cannot type.
    return _STATEMENT.format(contact=ctes + ", ", contact_id=f"coalesce($10::integer, {contacts.CONTACT_ID})"), values


async def file_ticket(session: AsyncSession, actor: Actor, new: Filing, *, last: bool) -> Filed | None:
    """Writes the ticket and what comes with every new one; None, having written nothing, when
    the category's terms are no longer `new.terms`. A ticket forwarded outside the municipality's
    remit is changed after, by the ORM (intake.py), as any later change is.

    `last`: nothing more is written with it (no files, no forwarding), so that a submission
    that allows it runs this statement outside a transaction block (db.connection_for_change)."""
    # CREATED's message: the citizen hears the request arrived, in the same statement.
    kind, terms = NotificationKind.RECEIVED, new.terms
    statement, contact = _statement(new)
    connection = await connection_for_change(session, last=last)
    result = await connection.exec_driver_sql(statement, (
        new.year, new.prefix, new.secret_hash, new.tracking_seed, new.language.name, new.privacy_notice_version,
        new.request_type.name, terms.id, new.department_id, new.contact_id, new.priority.name,
        new.channel.name, new.channel_reference, new.idempotency_key, new.idempotency_fingerprint,
        new.reply_channel.name, new.title, new.description, new.latitude, new.longitude, new.address,
        new.neighbourhood, new.due_at, new.legal_due_at, new.at,
        actor.user_id, actor.label[:ACTOR_LABEL_MAX], TicketEventType.CREATED in PUBLIC_EVENT_TYPES,
        json.dumps({"channel": new.channel.value}),
        kind.name, json.dumps({"status": TicketStatus.NEW.value}), str(uuid.uuid4()),
        (new.contact_id is not None or new.contact is not None) and outbox.sent_by(new.reply_channel),
        terms.department_id, terms.sla_hours, terms.default_priority.name, terms.remit.name,
        terms.external_institution, *contact,
    ))
    found = result.one_or_none()
    if found is None:
        return None
    row: tuple[Any, ...] = tuple(found)
    return Filed(ticket_id=row[0], reference=row[1], event_id=row[2])
