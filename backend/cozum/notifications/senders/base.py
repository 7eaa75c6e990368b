"""One interface for every channel: a rendered message in, a provider's id out, or SendFailed."""

from dataclasses import dataclass
from typing import Protocol

from cozum.kit.language import Language
from cozum.tickets.enums import ReplyChannel


@dataclass(frozen=True)
class Outgoing:
    """A message ready to go: the recipient resolved, the template filled in."""

    channel: ReplyChannel
    to: str  # e-mail address, or E.164 phone number ("+90…")
    subject: str
    body: str
    language: Language
    reference: str
    status: str  # the public status label, in the message's language
    link: str
    # The same on every try: a receiver that honours it delivers a resend once.
    idempotency_key: str
    # WhatsApp: within 24 h of the citizen's last message free text may be sent; otherwise only a template.
    whatsapp_window_open: bool = False


@dataclass(frozen=True)
class SendResult:
    provider_id: str | None = None
    # What the citizen got, when it is not `Outgoing.body` (a WhatsApp template's parameters).
    sent_body: str | None = None


class SendFailed(Exception):
    """The provider did not take the message. `permanent`: trying again cannot help (the address
    is refused, the request is malformed), so the outbox gives up at once."""

    def __init__(self, error: str, *, permanent: bool = False) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent


class Sender(Protocol):
    async def send(self, message: Outgoing) -> SendResult: ...

    async def close(self) -> None: ...
