"""Finding citizens by a phone number or e-mail staff typed, the way the details are stored."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, false, select
from sqlmodel import col

from cozum.contacts.models import Contact
from cozum.contacts.service import normalize_email, normalize_phone
from cozum.kit.errors import DomainError


@dataclass(frozen=True)
class TypedContact:
    """Exactly one of the two, normalised; neither when the text is no phone or e-mail."""

    phone: str | None = None
    email: str | None = None


def read_typed(raw: str) -> TypedContact:
    text = raw.strip()
    try:
        if "@" in text:
            return TypedContact(email=normalize_email(text, []))
        return TypedContact(phone=normalize_phone(text, []))
    except DomainError:
        # Half a number while the operator is still typing: it matches nobody, quietly.
        return TypedContact()


def contacts_matching(typed: TypedContact) -> Select[Any]:
    """The ids of contacts holding exactly this detail: an equality on an indexed column,
    never a pattern over personal data."""
    condition: ColumnElement[bool] = false()
    if typed.phone is not None:
        condition = col(Contact.phone) == typed.phone
    elif typed.email is not None:
        condition = col(Contact.email) == typed.email
    return select(col(Contact.id)).where(condition)
