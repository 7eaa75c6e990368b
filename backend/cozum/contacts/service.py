import re
from dataclasses import dataclass

import phonenumbers

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


def given(details: ContactDetails) -> bool:
    """Whether the details say anything: otherwise the ticket has no contact row."""
    return bool(details.phone or details.email or details.name)


# The contact row's id, from the two CTEs of `found_or_written`.
CONTACT_ID = "(SELECT id FROM contact_found UNION ALL SELECT id FROM contact_made)"


def found_or_written(
    details: ContactDetails, *, first: int, preferred: str, at: str, only_if: str
) -> tuple[str, list[str]]:
    """The citizen's contact row found, or written, as two CTEs (`contact_found`, `contact_made`)
    of the statement that files their ticket (tickets/filing.py), so that the row and the ticket
    are one statement; with the values of the parameters it numbers from `first`. `preferred` and
    `at` are the SQL of the preferred channel and the time; nothing is written unless `only_if`.
    An existing row is found only if these details are exactly its own."""
    # Nobody proves who they are at intake: not a web form or an integrator, and not a caller
    # whose details staff type in (createTicket) either. The details are a claim, and one contact
    # row is shared by every ticket linked to it, so a claim never edits a row (name, phone,
    # e-mail or preferred channel): that would put a stranger's details, and the replies, on
    # someone else's tickets. A submission joins a row only if it says nothing the row does not
    # already say; otherwise it gets a row of its own. The ticket keeps its own reply channel,
    # so a duplicate contact costs nothing in answering it. A name alone identifies nobody.
    said = [(column, value) for column, value in (("name", details.name), ("phone", details.phone),
                                                  ("email", details.email)) if value is not None]
    found = " AND ".join([f"{column} = ${n}" for n, (column, _) in enumerate(said, first)] + ["anonymised_at IS NULL"])
    if not (details.phone or details.email):
        found = "false"
    values = ", ".join(_placeholder(column, said, first) for column in ("name", "phone", "email"))
    ctes = f"""contact_found AS (
        SELECT id FROM contacts WHERE {found} ORDER BY id LIMIT 1
    ), contact_made AS (
        INSERT INTO contacts (name, phone, email, preferred_channel, created_at)
        SELECT {values}, {preferred}, {at}
        WHERE NOT EXISTS (SELECT FROM contact_found) AND {only_if}
        RETURNING id
    )"""
    return ctes, [value for _, value in said]


def _placeholder(column: str, said: list[tuple[str, str]], first: int) -> str:
    """The parameter that holds `column`'s value, or NULL."""
    names = [name for name, _ in said]
    return f"${names.index(column) + first}::varchar" if column in names else "NULL"
