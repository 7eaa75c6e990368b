"""Citizens: Turkish names, mobile numbers in E.164, and reply channels their details allow."""

from dataclasses import dataclass
from datetime import datetime
from random import Random
from typing import Any

from cozum.demo.vocabulary import EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, MOBILE_PREFIXES, ascii_fold
from cozum.tickets.enums import IntakeChannel, ReplyChannel

Ch, Re = IntakeChannel, ReplyChannel

# How each channel's citizens ask to hear back; a written petition is answered by letter.
REPLY_CHOICES: dict[IntakeChannel, list[tuple[ReplyChannel, float]]] = {
    Ch.WHATSAPP: [(Re.WHATSAPP, 1.0)],
    Ch.PHONE: [(Re.PHONE, 0.5), (Re.SMS, 0.45), (Re.NONE, 0.05)],
    Ch.PETITION: [(Re.LETTER, 0.5), (Re.SMS, 0.3), (Re.PHONE, 0.15), (Re.EMAIL, 0.05)],
    Ch.EMAIL: [(Re.EMAIL, 1.0)],
    Ch.IN_PERSON: [(Re.SMS, 0.5), (Re.PHONE, 0.4), (Re.NONE, 0.1)],
    Ch.SOCIAL_MEDIA: [(Re.NONE, 0.5), (Re.SMS, 0.3), (Re.WHATSAPP, 0.2)],
    Ch.WEB: [(Re.SMS, 0.5), (Re.EMAIL, 0.4), (Re.NONE, 0.1)],
    Ch.OPEN311: [(Re.EMAIL, 0.6), (Re.NONE, 0.4)],
    Ch.API: [(Re.SMS, 0.7), (Re.NONE, 0.3)],
    Ch.CIMER: [(Re.EMAIL, 0.5), (Re.LETTER, 0.5)],
}
_NEEDS_PHONE = frozenset({Re.WHATSAPP, Re.SMS, Re.PHONE})
# The sender's number or address arrives with the message itself.
_CHANNEL_PHONE = frozenset({Ch.WHATSAPP, Ch.PHONE})
_CHANNEL_EMAIL = frozenset({Ch.EMAIL})
# Share of requests with no reply wanted that leave no contact at all.
_ANONYMOUS = {Ch.SOCIAL_MEDIA: 0.3, Ch.OPEN311: 0.5, Ch.API: 0.3, Ch.PHONE: 0.5, Ch.IN_PERSON: 0.2}
REPEAT_SHARE = 0.2  # some neighbours write again and again


@dataclass
class Person:
    name: str
    phone: str | None
    email: str | None
    created_at: datetime
    preferred: ReplyChannel = Re.NONE
    id: int | None = None
    last_whatsapp_message_at: datetime | None = None


class Citizens:
    """Hands out contacts for tickets in creation order. Unlike a real submission, which never
    edits a contact row (contacts.found_or_written), a returning person's row gains the phone or
    e-mail they give later: the demo shows people with both."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.people: list[Person] = []
        self._phones: set[str] = set()
        self._emails: set[str] = set()

    def for_ticket(self, channel: IntakeChannel, at: datetime) -> tuple[Person | None, ReplyChannel]:
        rng = self.rng
        choices, weights = zip(*REPLY_CHOICES[channel], strict=True)
        reply = rng.choices(choices, weights=weights)[0]
        if reply is Re.NONE and rng.random() < _ANONYMOUS.get(channel, 0.0):
            return None, reply
        person = rng.choice(self.people) if self.people and rng.random() < REPEAT_SHARE else self._new(at)
        # A returning citizen gives whatever this channel needs; the contact row keeps both.
        if (reply in _NEEDS_PHONE or channel in _CHANNEL_PHONE) and person.phone is None:
            person.phone = self._phone()
        if (reply is Re.EMAIL or channel in _CHANNEL_EMAIL) and person.email is None:
            person.email = self._email(person.name)
        if reply is not Re.NONE:
            person.preferred = reply
        return person, reply

    def _new(self, at: datetime) -> Person:
        rng = self.rng
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        phone = self._phone() if rng.random() < 0.7 else None
        email = self._email(name) if rng.random() < 0.15 else None
        person = Person(name=name, phone=phone, email=email, created_at=at)
        self.people.append(person)
        return person

    def _phone(self) -> str:
        while True:
            number = f"+90{self.rng.choice(MOBILE_PREFIXES)}{self.rng.randrange(10_000_000):07d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def _email(self, name: str) -> str:
        first, _, last = ascii_fold(name).partition(" ")
        domain = self.rng.choice(EMAIL_DOMAINS)
        email = f"{first}.{last}@{domain}"
        while email in self._emails:
            email = f"{first}.{last}{self.rng.randrange(10, 10_000)}@{domain}"
        self._emails.add(email)
        return email

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "id": p.id, "name": p.name, "phone": p.phone, "email": p.email,
                "preferred_channel": p.preferred, "created_at": p.created_at,
                "last_whatsapp_message_at": p.last_whatsapp_message_at, "anonymised_at": None,
            }
            for p in self.people
        ]
