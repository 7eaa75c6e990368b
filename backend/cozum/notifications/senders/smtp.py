"""E-mail over SMTP (SMTP_URL): smtp://user:pass@host:587?starttls=1, or smtps:// for TLS from
the first byte. Plain text in UTF-8, and a Message-ID made from the idempotency key, so a resend
after a crash is recognisably the same message (and threads as one in the citizen's mail)."""

import time
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

from cozum.notifications.senders.base import Outgoing, SendFailed, SendResult

IDLE_SECONDS = 30.0  # an idle connection older than this is closed, not reused (servers drop them)
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in any mail client's source view, and 7-bit safe
_WIRE = compat32.clone(linesep="\r\n")


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    start_tls: bool

    @classmethod
    def parse(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://user:password@host:port (or smtps://)")
        implicit = parts.scheme == "smtps"
        starttls = parse_qs(parts.query).get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
        return cls(
            host=parts.hostname, port=parts.port or (465 if implicit else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=implicit, start_tls=starttls and not implicit,
        )


def email_message(message: Outgoing, sender: str) -> bytes:
    """The message as sent. The compat32 classes, not EmailMessage: the same bytes (UTF-8 body in
    quoted-printable, encoded-word headers) for a quarter of the CPU time, which is most of what
    sending an e-mail costs here."""
    name, address = parseaddr(sender)
    mail = MIMEText(message.body, "plain", _UTF8)  # type: ignore[arg-type]  # a Charset is accepted
    mail["From"] = formataddr((name, address), charset="utf-8")
    mail["To"] = message.to
    # A Header, folded by the generator, which knows the name's length (encoded here it decodes with a space).
    mail["Subject"] = Header(message.subject, "utf-8")  # type: ignore[assignment]
    mail["Date"] = formatdate(usegmt=True)
    mail["Message-ID"] = f"<{message.idempotency_key}@cozum>"
    mail["X-Cozum-Idempotency-Key"] = message.idempotency_key
    mail["X-Cozum-Reference"] = message.reference
    mail["Content-Language"] = message.language.value.lower()
    # RFC 3834: sent by a program, so vacation responders and mailing lists do not answer it.
    mail["Auto-Submitted"] = "auto-generated"
    return mail.as_bytes(policy=_WIRE)


def _refusal(error: aiosmtplib.SMTPException) -> SendFailed:
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in error.recipients]
        text = "; ".join(f"{r.code} {r.message}" for r in error.recipients)
        return SendFailed(f"SMTP recipient refused: {text}", permanent=all(500 <= c < 600 for c in codes))
    if isinstance(error, aiosmtplib.SMTPRecipientRefused | aiosmtplib.SMTPDataError):
        # The address or this very message is refused (5xx): the same again cannot pass.
        return SendFailed(f"SMTP {error.code}: {error.message}", permanent=500 <= error.code < 600)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        # Sender refused, authentication failed, 4xx: our configuration or the moment; try again.
        return SendFailed(f"SMTP {error.code}: {error.message}")
    return SendFailed(f"SMTP {type(error).__name__}: {error}")


class EmailSender:
    """Keeps connections open between messages, as many as may send at once (`keep`): a TLS
    handshake and a login per message would cost more than the message itself."""

    def __init__(self, server: SmtpServer, sender: str, timeout: float = 30.0, keep: int = 8) -> None:
        self.server = server
        self.sender = sender
        self.timeout = timeout
        self.keep = keep
        self._idle: list[tuple[aiosmtplib.SMTP, float]] = []
        self.envelope_from = parseaddr(sender)[1]

    async def _connect(self) -> aiosmtplib.SMTP:
        s = self.server
        client = aiosmtplib.SMTP(hostname=s.host, port=s.port, use_tls=s.use_tls, start_tls=s.start_tls,
                                 timeout=self.timeout)
        await client.connect()
        if s.username:
            await client.login(s.username, s.password or "")
        return client

    def _take_idle(self) -> aiosmtplib.SMTP | None:
        while self._idle:
            client, since = self._idle.pop()
            if client.is_connected and time.monotonic() - since < IDLE_SECONDS:
                return client
            client.close()
        return None

    async def send(self, message: Outgoing) -> SendResult:
        mail = email_message(message, self.sender)
        reused = self._take_idle()
        try:
            if reused is not None:
                try:
                    return await self._send_on(reused, mail, message)
                except aiosmtplib.SMTPServerDisconnected:
                    pass  # the server closed it while idle, before taking anything: a fresh one
            return await self._send_on(await self._connect(), mail, message)
        except aiosmtplib.SMTPException as error:
            raise _refusal(error) from error
        except OSError as error:
            raise SendFailed(f"SMTP {type(error).__name__}: {error}") from error

    async def _send_on(self, client: aiosmtplib.SMTP, mail: bytes, message: Outgoing) -> SendResult:
        try:
            await client.sendmail(self.envelope_from, [message.to], mail)
        except BaseException:
            client.close()
            raise
        if len(self._idle) < self.keep:
            self._idle.append((client, time.monotonic()))
        else:
            client.close()
        return SendResult(provider_id=f"<{message.idempotency_key}@cozum>")

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for client, _ in idle:
            client.close()
