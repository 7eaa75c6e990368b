"""`cozum demo`: data shaped like the seed articles, consistent with the services' rules, loaded once."""

import json
from collections import Counter, defaultdict
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import col

from cozum.auth.actor import CITIZEN
from cozum.auth.models import User
from cozum.config import get_settings
from cozum.contacts.models import Contact
from cozum.db import create_sessionmaker, transaction
from cozum.demo.generator import load_demo
from cozum.demo.staff import DEMO_PASSWORD, DOMAIN
from cozum.departments.models import Category, Department
from cozum.kit.relay import to_global_id
from cozum.kit.time import utcnow
from cozum.tickets.enums import OPEN_STATUSES, PUBLIC_EVENT_TYPES, IntakeChannel, TicketEventType, TicketStatus
from cozum.tickets.intake import NewTicket, create_ticket
from cozum.tickets.models import Ticket, TicketCounter, TicketEvent
from cozum.tickets.transitions import can_transition
from cozum.whatsapp.models import InboundEvent, InboundStatus, WhatsAppMessage
from cozum.whatsapp.parse import parse
from tests.conftest import LOGIN, http_client
from tests.fixtures.graphql import GraphQLClient
from tests.tickets.factories import use_cheap_passwords

E, S = TicketEventType, TicketStatus
BUMPING = {E.ROUTED, E.ASSIGNED, E.STATUS_CHANGED, E.MERGED, E.REOPENED}


@pytest.fixture(autouse=True)
def _cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    use_cheap_passwords(monkeypatch)


async def test_default_demo_reads_like_elbistan_and_mimer(engine: AsyncEngine) -> None:
    summary = await load_demo(create_sessionmaker(engine))
    assert "3000 tickets" in summary and "trackRequest" in summary
    async with create_sessionmaker(engine)() as db:
        by_department = dict((await db.execute(
            select(Department.code, func.count()).join(Ticket, col(Ticket.department_id) == Department.id)
            .group_by(Department.code)
        )).all())
        by_channel = Counter(dict((await db.execute(
            select(Ticket.channel, func.count()).group_by(Ticket.channel)
        )).all()))
        statuses = Counter(dict((await db.execute(
            select(Ticket.status, func.count()).group_by(Ticket.status)
        )).all()))
        lighting = (await db.execute(
            select(Ticket.status, Ticket.forwarded_to, Category.external_institution)
            .join(Category, col(Category.id) == Ticket.category_id).where(Category.code == "STREET_LIGHTING")
        )).all()
    ranking = sorted(by_department, key=by_department.__getitem__, reverse=True)
    assert ranking[:3] == ["FEN", "ZABITA", "PARK"]
    assert [c.value for c, _ in by_channel.most_common(3)] == ["PHONE", "IN_PERSON", "PETITION"]
    assert statuses[S.RESOLVED] / 3000 > 0.92
    assert 1 <= sum(statuses[s] for s in OPEN_STATUSES) <= 100
    assert lighting and all(s is S.FORWARDED and to == institution for s, to, institution in lighting)


async def test_every_timeline_follows_the_service_rules(engine: AsyncEngine) -> None:
    await load_demo(create_sessionmaker(engine), tickets=400, seed=7)
    async with create_sessionmaker(engine)() as db:
        tickets = list((await db.execute(select(Ticket))).scalars())
        phones = list((await db.execute(select(Contact.phone).where(col(Contact.phone).is_not(None)))).scalars())
        timelines = defaultdict(list)
        for event in (await db.execute(select(TicketEvent).order_by(col(TicketEvent.id)))).scalars():
            timelines[event.ticket_id].append(event)
    assert len(tickets) == 400
    for ticket in tickets:
        events = timelines[ticket.id]
        assert events[0].type is E.CREATED and events[0].to_status is S.NEW, ticket.reference
        _replay(ticket, events)
        assert ticket.version == 1 + sum(e.type in BUMPING for e in events), ticket.reference
        assert ticket.updated_at == events[-1].created_at, ticket.reference
        assert (ticket.closed_at is not None) == ticket.status.is_closed, ticket.reference
        assert ticket.closed_at is None or ticket.created_at <= ticket.closed_at <= utcnow()
        assert (ticket.duplicate_of_id is not None) == (ticket.status is S.DUPLICATE)
        assert (ticket.forwarded_to is not None) == (ticket.status is S.FORWARDED)
        if ticket.status in (S.RESOLVED, S.REJECTED):
            assert ticket.resolution, ticket.reference
    assert phones and all(p == _e164(p) and p.startswith("+905") for p in phones)


def _replay(ticket: Ticket, events: list[TicketEvent]) -> None:
    """Walks the timeline through the transition table, as the services would have moved the ticket."""
    status = S.NEW
    for e in events[1:]:
        received_merge = e.type is E.MERGED and e.to_status is not S.DUPLICATE
        # The target's side of a merge is internal (lifecycle._merge_one); every other type follows the table.
        assert e.public == (False if received_merge else e.type in PUBLIC_EVENT_TYPES), (ticket.reference, e.type)
        if e.type is E.STATUS_CHANGED:
            assert can_transition(status, e.to_status), (ticket.reference, status, e.to_status)
        if e.from_status is not None:
            assert e.from_status is status, (ticket.reference, e.type)
        else:
            assert e.to_status is status, (ticket.reference, e.type)
        assert e.to_status is not None
        status = e.to_status
    assert status is ticket.status, ticket.reference


def _e164(number: str) -> str:
    parsed = phonenumbers.parse(number)
    assert phonenumbers.is_valid_number(parsed), number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


async def test_loads_once_and_new_references_continue_after_it(engine: AsyncEngine) -> None:
    sessionmaker = create_sessionmaker(engine)
    await load_demo(sessionmaker, tickets=60)
    counts = await _counts(engine)
    again = await load_demo(sessionmaker, tickets=60)
    assert "already has tickets" in again
    assert await _counts(engine) == counts
    async with transaction(sessionmaker) as db:
        references = set((await db.execute(select(Ticket.reference))).scalars())
        counters = dict((await db.execute(select(TicketCounter.year, TicketCounter.last_value))).all())
        category_id = (await db.execute(select(Category.id).order_by(Category.id))).scalars().first()
        assert category_id is not None
        new = NewTicket(description="Çöp toplanmadı.", category_id=category_id, channel=IntakeChannel.WEB)
        settings = get_settings()
        created = await create_ticket(db, CITIZEN, new, prefix=settings.ticket_prefix, secret_key=settings.secret_key)
        fresh = created.reference
        await db.rollback()
    for counter_year, last in counters.items():
        # Gapless per year, and the counter stands on the highest number used.
        used = sorted(int(r.rsplit("-", 1)[1]) for r in references if r.split("-")[1] == str(counter_year))
        assert used == list(range(1, last + 1))
    year = int(fresh.split("-")[1])
    assert fresh not in references and fresh.endswith(f"{year}-{counters.get(year, 0) + 1:06d}")


async def _counts(engine: AsyncEngine) -> tuple[int, ...]:
    async with create_sessionmaker(engine)() as db:
        return tuple([
            (await db.execute(select(func.count()).select_from(model))).scalar_one()
            for model in (Ticket, TicketEvent, Contact, TicketCounter, User, InboundEvent, WhatsAppMessage)
        ])


THREAD = """
query($id: ID!) { node(id: $id) { ... on Ticket { description whatsappMessages { type text sentAt } } } }
"""


async def test_whatsapp_tickets_are_conversations_in_the_console(app: Any, engine: AsyncEngine) -> None:
    await load_demo(create_sessionmaker(engine), tickets=400, seed=7)
    async with create_sessionmaker(engine)() as db:
        tickets = {t.id: t for t in (await db.execute(
            select(Ticket).where(col(Ticket.channel) == IntakeChannel.WHATSAPP))).scalars()}
        said = defaultdict(list)  # the citizen's entries on each timeline: CREATED, then CITIZEN_MESSAGEs
        for event in (await db.execute(select(TicketEvent).where(
                col(TicketEvent.ticket_id).in_(tickets), col(TicketEvent.type).in_([E.CREATED, E.CITIZEN_MESSAGE]))
                .order_by(col(TicketEvent.id)))).scalars():
            said[event.ticket_id].append(event)
        stored = (await db.execute(
            select(WhatsAppMessage, InboundEvent, Contact)
            .join(InboundEvent, col(InboundEvent.id) == WhatsAppMessage.inbound_event_id)
            .join(Contact, col(Contact.id) == WhatsAppMessage.contact_id)
            .order_by(col(WhatsAppMessage.sent_at)))).all()
    threads = defaultdict(list)
    for message, call, contact in stored:
        threads[message.ticket_id].append(message)
        [meta] = parse(json.loads(call.body)).messages  # the call Meta would have made for it
        assert call.status is InboundStatus.PROCESSED
        assert (meta.wamid, meta.wa_id, meta.text) == (message.wamid, message.wa_id, message.text)
        assert meta.sent_at == message.sent_at.replace(microsecond=0)
        assert contact.phone == f"+{message.wa_id}" and contact.last_whatsapp_message_at >= message.sent_at
    assert tickets and set(threads) == set(tickets)
    for ticket_id, ticket in tickets.items():
        thread, (created, *later) = threads[ticket_id], said[ticket_id]
        assert created.type is E.CREATED and all(e.type is E.CITIZEN_MESSAGE for e in later), ticket.reference
        assert [m.ticket_event_id for m in thread] == [created.id] + [e.id for e in later], ticket.reference
        assert [m.text for m in thread] == [ticket.description] + [e.message for e in later], ticket.reference
        assert thread[0].wamid == ticket.channel_reference and thread[0].sent_at == ticket.created_at
    chatty = max(tickets.values(), key=lambda t: len(said[t.id]))
    follow_ups = [e.message for e in said[chatty.id][1:]]
    assert follow_ups  # some citizens wrote again
    operator = GraphQLClient(http_client(app))
    try:
        await operator.mutate("login", LOGIN, {"email": f"operator@{DOMAIN}", "password": DEMO_PASSWORD})
        node = (await operator.data(THREAD, {"id": to_global_id("Ticket", chatty.id)}))["node"]
    finally:
        await operator.http.aclose()
    texts = [m["text"] for m in node["whatsappMessages"]]
    assert len(texts) == 1 + len(follow_ups)
    assert texts == [node["description"], *follow_ups] and node["description"] == chatty.description
