"""The senders the settings configure; a channel without its settings has none."""

import logging
from dataclasses import dataclass, field

import httpx

from cozum.config import Settings
from cozum.notifications.senders.base import Sender
from cozum.notifications.senders.sms import SmsGatewaySender
from cozum.notifications.senders.smtp import EmailSender, SmtpServer
from cozum.notifications.senders.whatsapp import WhatsAppSender
from cozum.tickets.enums import ReplyChannel

log = logging.getLogger(__name__)

# What each channel needs, for the error recorded when it is missing.
REQUIRED_SETTINGS = {
    ReplyChannel.EMAIL: "SMTP_URL",
    ReplyChannel.SMS: "SMS_GATEWAY_URL",
    ReplyChannel.WHATSAPP: "WHATSAPP_ACCESS_TOKEN and WHATSAPP_PHONE_NUMBER_ID",
}


@dataclass
class Senders:
    by_channel: dict[ReplyChannel, Sender] = field(default_factory=dict)

    def get(self, channel: ReplyChannel) -> Sender | None:
        return self.by_channel.get(channel)

    async def close(self) -> None:
        for sender in self.by_channel.values():
            await sender.close()


def _email(settings: Settings, timeout: float) -> Sender | None:
    if not settings.smtp_url:
        return None
    try:
        server = SmtpServer.parse(settings.smtp_url)
        return EmailSender(server, settings.mail_from, timeout, keep=settings.outbox_concurrency)
    except ValueError as error:
        log.error("e-mail is not sent: %s", error)
        return None


def senders_from(settings: Settings, timeout: float) -> Senders:
    senders = Senders()
    email = _email(settings, timeout)
    if email is not None:
        senders.by_channel[ReplyChannel.EMAIL] = email
    if settings.sms_gateway_url:
        senders.by_channel[ReplyChannel.SMS] = SmsGatewaySender(
            settings.sms_gateway_url, httpx.AsyncClient(timeout=timeout)
        )
    if settings.whatsapp_access_token and settings.whatsapp_phone_number_id:
        senders.by_channel[ReplyChannel.WHATSAPP] = WhatsAppSender(
            settings.whatsapp_graph_url, settings.whatsapp_phone_number_id, settings.whatsapp_access_token,
            settings.whatsapp_template_name, httpx.AsyncClient(timeout=timeout),
        )
    missing = [f"{c.value} ({REQUIRED_SETTINGS[c]})" for c in REQUIRED_SETTINGS if c not in senders.by_channel]
    if missing:
        log.warning("outbox: not configured, messages wait and are retried: %s", ", ".join(missing))
    return senders
