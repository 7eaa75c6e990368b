import re
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.tickets.enums import ReplyChannel

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_NEEDS_PHONE = {ReplyChannel.WHATSAPP, ReplyChannel.SMS, ReplyChannel.PHONE}


@dataclass(frozen=True)
class ContactDetails:
    name: str | None = None
    phone: str | None = None
    email: str | None = None


def normalize_phone(raw: str, field: list[str]) -> str:
    """E.164; numbers without a country code are read as Turkish."""
    try:
        number = phonenumbers.parse(raw, "TR")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise DomainError(UserErrorCode.INVALID_PHONE, "Not a valid phone number.", field)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_email(raw: str, field: list[str]) -> str:
    # Lower-cased before it is measured: "İ".lower() is two code points, and the column
    # holds 254 of them.
    email = raw.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise DomainError(UserErrorCode.INVALID_EMAIL, "Not a valid e-mail address.", field)
    return email


def clean_details(details: ContactDetails, path: list[str]) -> ContactDetails:
    name = (details.name or "").strip() or None
    if name and len(name) > 200:
        raise DomainError(UserErrorCode.TOO_LONG, "Name is longer than 200 characters.", [*path, "name"])
    phone = normalize_phone(details.phone, [*path, "phone"]) if details.phone else None
    email = normalize_email(details.email, [*path, "email"]) if details.email else None
    return ContactDetails(name=name, phone=phone, email=email)


def check_reply_channel(channel: ReplyChannel, details: ContactDetails, field: list[str]) -> None:
    if channel in _NEEDS_PHONE and not details.phone:
        raise DomainError(UserErrorCode.MISSING_CONTACT, f"{channel.value} replies need a phone number.", field)
    if channel is ReplyChannel.EMAIL and not details.email:
        raise DomainError(UserErrorCode.MISSING_CONTACT, "E-mail replies need an e-mail address.", field)


async def find_or_create(
    session: AsyncSession, details: ContactDetails, preferred: ReplyChannel
) -> Contact | None:
    """The citizen's contact row: an existing one only if these details are exactly its own."""
    if not (details.phone or details.email or details.name):
        return None
    contact = await _same_contact(session, details)
    if contact is None:
        contact = Contact(name=details.name, phone=details.phone, email=details.email, preferred_channel=preferred)
        session.add(contact)
        await session.flush()
    return contact


async def _same_contact(session: AsyncSession, details: ContactDetails) -> Contact | None:
    # Nobody proves who they are at intake: not a web form or an integrator, and not a caller
    # whose details staff type in (createTicket) either. The details are a claim, and one contact
    # row is shared by every ticket linked to it, so a claim never edits a row (name, phone,
    # e-mail or preferred channel): that would put a stranger's details, and the replies, on
    # someone else's tickets. A submission joins a row only if it says nothing the row does not
    # already say; otherwise it gets a row of its own. The ticket keeps its own reply channel,
    # so a duplicate contact costs nothing in answering it.
    if not (details.phone or details.email):
        return None  # a name alone identifies nobody
    given = [(Contact.name, details.name), (Contact.phone, details.phone), (Contact.email, details.email)]
    stmt = (
        select(Contact)
        .where(*[col(column) == value for column, value in given if value is not None])
        .where(col(Contact.anonymised_at).is_(None))
        .order_by(col(Contact.id))
        .limit(1)
    )
    return (await session.execute(stmt)).scalar_one_or_none()
