import re
from dataclasses import dataclass

import phonenumbers
from sqlalchemy import or_, select
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
    email = raw.strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise DomainError(UserErrorCode.INVALID_EMAIL, "Not a valid e-mail address.", field)
    return email.lower()


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
    """The citizen's contact row, matched by phone or e-mail so their tickets stay together."""
    if not (details.phone or details.email or details.name):
        return None
    matches = []
    if details.phone:
        matches.append(col(Contact.phone) == details.phone)
    if details.email:
        matches.append(col(Contact.email) == details.email)
    contact = None
    if matches:
        stmt = select(Contact).where(or_(*matches)).order_by(col(Contact.id)).limit(1)
        contact = (await session.execute(stmt)).scalar_one_or_none()
    if contact is None:
        contact = Contact(name=details.name, phone=details.phone, email=details.email)
        session.add(contact)
    contact.name = details.name or contact.name
    contact.phone = details.phone or contact.phone
    contact.email = details.email or contact.email
    if preferred is not ReplyChannel.NONE:
        contact.preferred_channel = preferred
    await session.flush()
    return contact
