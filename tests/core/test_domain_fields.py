"""A service names what it refuses in the domain's words, for every caller (the demo, the
command line, WhatsApp, Open311); the GraphQL mutation answers with the path in its input."""

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.auth.actor import CITIZEN
from cozum.kit.errors import DomainError
from cozum.tickets.enums import IntakeChannel, ReplyChannel
from cozum.tickets.intake import Location
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import create
from tests.tickets.helpers import category_ids
from tests.tickets.queries import SUBMIT

# (NewTicket fields, SubmitRequestInput fields, the field as the service names it, as the API does)
FAULTS = [
    ({"location": Location(latitude=91.0, longitude=29.0)}, {"location": {"latitude": 91.0, "longitude": 29.0}},
     ["location", "latitude"], ["input", "location", "latitude"]),
    ({"idempotency_key": "kısa"}, {"idempotencyKey": "kısa"}, ["idempotency_key"], ["input", "idempotencyKey"]),
    ({"privacy_notice_version": "v" * 21}, {"privacyNoticeVersion": "v" * 21},
     ["privacy_notice_version"], ["input", "privacyNoticeVersion"]),
    ({"reply_channel": ReplyChannel.SMS}, {"replyChannel": "SMS"}, ["reply_channel"], ["input", "replyChannel"]),
]


@pytest.mark.parametrize(("data", "input_", "domain", "api"), FAULTS, ids=[f[2][-1] for f in FAULTS])
async def test_the_service_names_the_domain_field_and_the_api_its_input_path(
    db: AsyncSession, client: GraphQLClient, data: dict[str, Any], input_: dict[str, Any],
    domain: list[str], api: list[str],
) -> None:
    with pytest.raises(DomainError) as refused:
        await create(db, CITIZEN, channel=IntakeChannel.WEB, **data)
    await db.rollback()  # as a caller's savepoint would: the refused ticket's reference counter stays unlocked
    category = (await category_ids(client))["ROAD_POTHOLE"]
    payload = (await client.data(SUBMIT, {"input": {
        "categoryId": category, "description": "Cumhuriyet Caddesi'nde çukur var.", **input_}}))["submitRequest"]
    assert refused.value.field == domain
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(api, refused.value.code.value)]
