"""SMS through an HTTP gateway (SMS_GATEWAY_URL); the request shape is in the README.

    POST {SMS_GATEWAY_URL}
    Idempotency-Key: <the outbox row's key>
    {"to": "+905321112233", "text": "…", "reference": "CZM-2026-000123"}

Any 2xx is sent; `id` in a JSON answer is kept as the provider's message id.
"""

import httpx

from cozum.notifications.senders.base import Outgoing, SendResult
from cozum.notifications.senders.http import failure, provider_id, unreachable


class SmsGatewaySender:
    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client

    async def send(self, message: Outgoing) -> SendResult:
        body = {"to": message.to, "text": message.body, "reference": message.reference}
        try:
            response = await self.client.post(self.url, json=body, headers={"Idempotency-Key": message.idempotency_key})
        except httpx.HTTPError as error:
            raise unreachable(error) from error
        if not response.is_success:
            raise failure(response)
        return SendResult(provider_id(response, "id"))

    async def close(self) -> None:
        await self.client.aclose()
