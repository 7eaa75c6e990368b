"""WhatsApp Cloud API: free text within 24 h of the citizen's last message, an approved
template (reference, status, link as its three body parameters) otherwise."""

from typing import Any

import httpx

from cozum.kit.language import Language
from cozum.notifications.senders.base import Outgoing, SendFailed, SendResult
from cozum.notifications.senders.http import ERROR_TEXT_MAX, failure, provider_id, unreachable

# Meta answers these with a 4xx, yet they pass: throttling (4, 80007, 130429, 131048, 131056),
# a temporary fault (2, 131000, 131016) and an expired or revoked token (190), which an
# administrator renews. Everything else in 4xx (a bad number, a template not approved) is final.
_RETRYABLE_CODES = frozenset({2, 4, 190, 80007, 130429, 131000, 131016, 131048, 131056})
_TEMPLATE_LANGUAGE = {Language.TR: "tr", Language.EN: "en"}


def payload(message: Outgoing, template_name: str) -> dict[str, Any]:
    base: dict[str, Any] = {"messaging_product": "whatsapp", "to": message.to.lstrip("+")}
    if message.whatsapp_window_open:
        return {**base, "type": "text", "text": {"body": message.body}}
    parameters = [{"type": "text", "text": value} for value in (message.reference, message.status, message.link)]
    return {**base, "type": "template", "template": {
        "name": template_name,
        "language": {"code": _TEMPLATE_LANGUAGE[message.language]},
        "components": [{"type": "body", "parameters": parameters}],
    }}


def as_template(message: Outgoing, template_name: str) -> str:
    """A template send as staff read it in the thread: its name and the values it was given."""
    return f"[{template_name}] {message.reference} · {message.status} · {message.link}"


def _meta_failure(response: httpx.Response) -> SendFailed:
    try:
        error = response.json().get("error") or {}
        code, text = error.get("code"), str(error.get("message", ""))
    except (ValueError, AttributeError):
        return failure(response)
    if code is None:
        return failure(response)
    permanent = failure(response).permanent and code not in _RETRYABLE_CODES
    return SendFailed(f"HTTP {response.status_code}: ({code}) {text}"[:ERROR_TEXT_MAX], permanent=permanent)


class WhatsAppSender:
    def __init__(self, graph_url: str, phone_number_id: str, access_token: str, template_name: str,
                 client: httpx.AsyncClient) -> None:
        self.url = f"{graph_url.rstrip('/')}/{phone_number_id}/messages"
        self.template_name = template_name
        self.headers = {"Authorization": f"Bearer {access_token}"}
        self.client = client

    async def send(self, message: Outgoing) -> SendResult:
        # Meta ignores Idempotency-Key; a relay or test receiver in front of it may honour it.
        headers = {**self.headers, "Idempotency-Key": message.idempotency_key}
        try:
            response = await self.client.post(self.url, json=payload(message, self.template_name), headers=headers)
        except httpx.HTTPError as error:
            raise unreachable(error) from error
        if not response.is_success:
            raise _meta_failure(response)
        sent = None if message.whatsapp_window_open else as_template(message, self.template_name)
        return SendResult(provider_id(response, "messages", 0, "id"), sent)

    async def close(self) -> None:
        await self.client.aclose()
