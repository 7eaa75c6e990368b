"""Creating a ticket: every channel ends up here with the same checks.

Refusals name the field of `NewTicket` at fault (`category_id`, `location.latitude`).
"""

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.actor import Actor
from cozum.contacts import service as contacts
from cozum.contacts.service import ContactDetails
from cozum.db import ran_alone
from cozum.departments.models import Remit
from cozum.departments.repository import active_department
from cozum.departments.terms import Terms, category_terms, forget, remembered_terms
from cozum.kit.errors import DomainError, NeedsTransaction, UserErrorCode
from cozum.kit.geo import Bounds
from cozum.kit.language import Language
from cozum.kit.text import clean_text, required_text
from cozum.kit.time import ISTANBUL, utcnow
from cozum.tickets import events
from cozum.tickets.clocks import due_dates
from cozum.tickets.enums import IntakeChannel, Priority, ReplyChannel, RequestType, TicketStatus
from cozum.tickets.filing import Filed, Filing, file_ticket
from cozum.tickets.models import DESCRIPTION_MAX, TITLE_MAX, Ticket
from cozum.tickets.references import hash_secret, new_seed, tracking_secret

PUBLIC_KEY_MIN = 22  # characters: ≥ 128 bits from a URL-safe alphabet

@dataclass
class Location:
    latitude: float | None = None
    longitude: float | None = None
    address: str | None = None
    neighbourhood: str | None = None


@dataclass
class NewTicket:
    description: str
    category_id: int
    channel: IntakeChannel
    request_type: RequestType = RequestType.COMPLAINT
    title: str | None = None
    reply_channel: ReplyChannel = ReplyChannel.NONE
    contact: ContactDetails = field(default_factory=ContactDetails)
    location: Location = field(default_factory=Location)
    channel_reference: str | None = None
    idempotency_key: str | None = None
    priority: Priority | None = None
    department_id: int | None = None
    language: Language = Language.TR
    privacy_notice_version: str | None = None
    # The citizen's own contact row when it is known (a message split off their WhatsApp
    # conversation): used instead of finding one by the details.
    contact_id: int | None = None


@dataclass(frozen=True)
class Created:
    ticket_id: int
    reference: str
    secret: str
    replayed: bool
    event_id: int | None = None  # the CREATED event of a ticket filed now
    forwarded_to: str | None = None  # the institution, for a request outside the remit

    async def row(self, session: AsyncSession) -> Ticket:
        """The ticket as an ORM object, for a caller that goes on to change or show it."""
        return await session.get_one(Ticket, self.ticket_id)


def _clean_location(loc: Location, area: Bounds | None) -> Location:
    if (loc.latitude is None) != (loc.longitude is None):
        raise DomainError(UserErrorCode.INVALID, "Give both latitude and longitude.", ["location"])
    if loc.latitude is not None and not (-90 <= loc.latitude <= 90):
        raise DomainError(UserErrorCode.INVALID, "Latitude out of range.", ["location", "latitude"])
    if loc.longitude is not None and not (-180 <= loc.longitude <= 180):
        raise DomainError(UserErrorCode.INVALID, "Longitude out of range.", ["location", "longitude"])
    placed = loc.latitude is not None and loc.longitude is not None
    if area is not None and placed and not area.contains(loc.latitude, loc.longitude):  # type: ignore[arg-type]
        message = "This place is outside the municipality's area; requests for elsewhere go to that municipality."
        raise DomainError(UserErrorCode.OUT_OF_AREA, message, ["location"])
    return Location(
        latitude=loc.latitude,
        longitude=loc.longitude,
        address=clean_text(loc.address, 500, ["location", "address"]),
        neighbourhood=clean_text(loc.neighbourhood, 120, ["location", "neighbourhood"]),
    )


def _title_from(description: str) -> str:
    first_line = description.splitlines()[0]
    return first_line if len(first_line) <= 80 else first_line[:79].rstrip() + "…"


async def _replay(session: AsyncSession, channel: IntakeChannel, key: str | None) -> Ticket | None:
    if key is None:
        return None
    # The same key twice at once (a client retrying before the first answer came): the second
    # waits here until the first commits, then finds and replays it instead of colliding.
    await session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
    stmt = select(Ticket).where(col(Ticket.channel) == channel, col(Ticket.idempotency_key) == key)
    return (await session.execute(stmt)).scalar_one_or_none()


def _owned_key(actor: Actor, key: str | None) -> str | None:
    """The key as stored: hashed together with who presented it, so another caller using
    the same key gets a ticket of its own, never this one (nor its tracking secret)."""
    if key is None:
        return None
    if actor.user_id is not None:
        owner = f"user:{actor.user_id}"
    elif actor.api_key_id is not None:
        owner = f"key:{actor.api_key_id}"
    elif len(key) < PUBLIC_KEY_MIN:
        # Every anonymous caller shares one owner: only a key nobody can guess keeps a
        # stranger from replaying it into someone else's reference and secret.
        raise DomainError(
            UserErrorCode.INVALID,
            f"Without an API key, an idempotency key must be random and at least {PUBLIC_KEY_MIN} characters "
            "long (a UUID will do).",
            ["idempotency_key"],
        )
    else:
        owner = "public"
    return hashlib.sha256(f"{owner}:{key}".encode()).hexdigest()


def _fingerprint(
    data: NewTicket, description: str, title: str, channel_reference: str | None,
    location: Location, details: ContactDetails,
) -> str:
    """The request as cleaned, hashed: a retry says the same thing however it was spaced."""
    said = [
        data.channel.value, data.category_id, data.request_type.value, description, title,
        data.reply_channel.value, channel_reference, data.priority.value if data.priority else None,
        data.department_id, dataclasses.astuple(location), dataclasses.astuple(details),
    ]
    return hashlib.sha256(json.dumps(said, default=str, ensure_ascii=False).encode()).hexdigest()


# A petition's document number and a CİMER application number are how the answer, and the
# legal deadline it runs against, are referred to: such a ticket cannot be filed without one.
NUMBERED_CHANNELS = frozenset({IntakeChannel.PETITION, IntakeChannel.CIMER})


def _channel_reference(data: NewTicket) -> str | None:
    reference = clean_text(data.channel_reference, 100, ["channel_reference"])
    if reference is None and data.channel in NUMBERED_CHANNELS:
        number = "document number" if data.channel is IntakeChannel.PETITION else "application number"
        message = f"A {data.channel.value} ticket needs its {number}."
        raise DomainError(UserErrorCode.REQUIRED, message, ["channel_reference"])
    return reference


async def create_ticket(
    session: AsyncSession, actor: Actor, data: NewTicket, *, prefix: str, secret_key: str,
    area: Bounds | None = None, may_be_whole: bool = False,
) -> Created:
    """`may_be_whole`: the caller writes nothing more in the same change (no files came with it),
    so that the filing may be the whole change (db.connection_for_change)."""
    description = required_text(data.description, DESCRIPTION_MAX, ["description"])
    title = clean_text(data.title, TITLE_MAX, ["title"]) or _title_from(description)
    key = _owned_key(actor, clean_text(data.idempotency_key, 100, ["idempotency_key"]))
    channel_reference = _channel_reference(data)
    location = _clean_location(data.location, area)
    details = contacts.clean_details(data.contact, ["contact"])
    contacts.check_reply_channel(data.reply_channel, details, ["reply_channel"])
    # Refused here, before any lock or write, when unknown or retired; checked again as it is filed.
    category = await remembered_terms(session, data.category_id, ["category_id"])
    department_id = None  # the category's, unless staff chose another
    if data.department_id is not None:
        department_id = (await active_department(session, data.department_id, ["department_id"])).id

    fingerprint = _fingerprint(data, description, title, channel_reference, location, details) if key else None
    if (existing := await _replay(session, data.channel, key)) is not None:
        # A ticket filed before seeds were kept cannot give its secret again.
        if existing.idempotency_fingerprint not in (None, fingerprint) or existing.tracking_seed is None:
            raise DomainError(
                UserErrorCode.DUPLICATE_KEY, "This idempotency key was already used for a different request.",
                ["idempotency_key"],
            )
        forwarded_to = existing.forwarded_to if existing.status is TicketStatus.FORWARDED else None
        return Created(
            existing.id, existing.reference, tracking_secret(secret_key, existing.tracking_seed),  # type: ignore[arg-type]
            replayed=True, forwarded_to=forwarded_to,
        )

    now = utcnow()
    # Found or written by the filing statement, unless already known.
    contact = details if data.contact_id is None and contacts.given(details) else None
    seed = new_seed()
    secret = tracking_secret(secret_key, seed)
    secret_hash = hash_secret(secret)
    notice_version = clean_text(data.privacy_notice_version, 20, ["privacy_notice_version"])

    def filing_on(terms: Terms) -> Filing:
        """What the category's terms decide is worked out here, so a second try can use others."""
        due_at, legal_due_at = due_dates(now, terms.sla_hours, data.channel, data.request_type)
        return Filing(
            year=now.astimezone(ISTANBUL).year, prefix=prefix, secret_hash=secret_hash, tracking_seed=seed,
            language=data.language, privacy_notice_version=notice_version, request_type=data.request_type,
            terms=terms, department_id=department_id or terms.department_id,
            contact_id=data.contact_id, contact=contact, priority=data.priority or terms.default_priority,
            channel=data.channel,
            channel_reference=channel_reference, idempotency_key=key, idempotency_fingerprint=fingerprint,
            reply_channel=data.reply_channel, title=title, description=description,
            latitude=location.latitude, longitude=location.longitude, address=location.address,
            neighbourhood=location.neighbourhood, due_at=due_at, legal_due_at=legal_due_at, at=now,
        )

    filed, category = await _file_in_category(session, actor, category, filing_on, may_be_whole=may_be_whole)
    created = Created(filed.ticket_id, filed.reference, secret, replayed=False, event_id=filed.event_id)
    if category.remit is Remit.EXTERNAL:
        ticket = await created.row(session)
        _forward_outside_remit(session, ticket, actor, category.external_institution)
        await session.flush()
        return dataclasses.replace(created, forwarded_to=ticket.forwarded_to)
    return created


async def _file_in_category(
    session: AsyncSession, actor: Actor, terms: Terms, filing_on: Callable[[Terms], Filing], *, may_be_whole: bool
) -> tuple[Filed, Terms]:
    """Files the ticket on its category's terms as this process remembers them; when the filing
    statement finds they changed, reads them again (refusing a category retired meanwhile)."""
    last = may_be_whole and terms.remit is not Remit.EXTERNAL  # nothing forwarded, nothing attached
    filed = await file_ticket(session, actor, filing_on(terms), last=last)
    if filed is None:
        forget(terms.id)
        if ran_alone(session):  # the new terms may need more written than the statement
            raise NeedsTransaction
        terms = await category_terms(session, terms.id, ["category_id"])
        filed = await file_ticket(session, actor, filing_on(terms), last=False)
    if filed is None:  # changed again in the moment between the two
        message = "The category changed while the request was being filed; send it again."
        raise DomainError(UserErrorCode.VERSION_CONFLICT, message, ["category_id"])
    return filed, terms


def _forward_outside_remit(
    session: AsyncSession, ticket: Ticket, actor: Actor, institution: str | None
) -> None:
    # Law 3071 art. 5: a request outside the municipality's remit goes to the body in
    # charge, and the citizen is told so; nobody at the municipality has to route it.
    ticket.status = TicketStatus.FORWARDED
    ticket.forwarded_to = institution or "İlgili kurum"
    ticket.closed_at = ticket.created_at
    events.ticket_status_changed_event(
        session, ticket, actor, TicketStatus.NEW,
        f"Başvurunuz görev alanı nedeniyle {ticket.forwarded_to} kurumuna iletildi.",
        {"institution": ticket.forwarded_to, "automatic": True},
    )
