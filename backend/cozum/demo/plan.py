"""Who asked what, when, through which channel, and how each request ends up."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import accumulate
from random import Random
from typing import Any

from cozum.demo import content, merges, timeline, whatsapp
from cozum.demo.draft import Draft, World
from cozum.demo.people import Citizens
from cozum.demo.replies_tr import STAFF_FORWARD_SHARE, STAFF_FORWARDS
from cozum.demo.shape import (
    CHANNEL_WEIGHTS,
    DUPLICATE_SHARE,
    OPEN_SHARE,
    REJECT_SHARE,
    WRITTEN_CHANNELS,
    Calendar,
    category_weight,
)
from cozum.departments.models import Category, Remit
from cozum.kit.time import ISTANBUL
from cozum.tickets.enums import IntakeChannel, TicketStatus
from cozum.tickets.references import hash_secret

S = TicketStatus
_CHANNELS = list(CHANNEL_WEIGHTS)
_CHANNEL_CUM = list(accumulate(CHANNEL_WEIGHTS.values()))
_SELF_SERVICE = frozenset({IntakeChannel.WEB, IntakeChannel.WHATSAPP, IntakeChannel.OPEN311, IntakeChannel.API})
_OPEN_MIX = ([S.ROUTED, S.IN_PROGRESS, S.SCHEDULED, S.ON_HOLD], [30, 40, 15, 15])


@dataclass(frozen=True)
class Arrival:
    at: datetime
    channel: IntakeChannel
    category: Category


def arrivals(w: World, categories: list[Category], n: int) -> list[Arrival]:
    """`n` requests over the window, oldest first, categories following the season."""
    calendar = Calendar(w.now)
    by_month = {m: list(accumulate(category_weight(c.code, m) for c in categories)) for m in range(1, 13)}
    result = []
    for _ in range(n):
        channel = w.rng.choices(_CHANNELS, cum_weights=_CHANNEL_CUM)[0]
        at = calendar.sample(w.rng, channel)
        category = w.rng.choices(categories, cum_weights=by_month[at.astimezone(ISTANBUL).month])[0]
        if category.code == "INFO_REQUEST" and channel not in WRITTEN_CHANNELS:
            channel = w.rng.choice(WRITTEN_CHANNELS)  # Law 4982 requests are made in writing
        result.append(Arrival(at, channel, category))
    result.sort(key=lambda a: a.at)
    return result


def outcomes(w: World, items: list[Arrival]) -> list[TicketStatus]:
    """The final status of each request: nearly all resolved, a few dozen still open, the newest."""
    rng, n = w.rng, len(items)
    result = [S.FORWARDED if a.category.remit is Remit.EXTERNAL else S.RESOLVED for a in items]
    municipal = [i for i in reversed(range(n)) if result[i] is S.RESOLVED]  # newest first
    n_open = min(len(municipal), max(1, round(n * OPEN_SHARE))) if municipal else 0
    sure = n_open // 3  # the very newest requests are always still being worked on
    old = [i for i in municipal if timedelta(days=30) < w.now - items[i].at < timedelta(days=120)]
    stragglers = rng.sample(old, min(len(old), n_open // 10))  # the odd one stuck for weeks
    fresh = [i for i in municipal[sure : 4 * n_open] if i not in stragglers]
    chosen = municipal[:sure] + rng.sample(fresh, min(len(fresh), n_open - sure - len(stragglers)))
    for i in chosen:
        age = w.now - items[i].at
        if items[i].channel in _SELF_SERVICE and age < timedelta(hours=12):
            result[i] = S.NEW
        else:
            result[i] = rng.choices(*_OPEN_MIX)[0]
    for i in stragglers:
        result[i] = rng.choice((S.ON_HOLD, S.SCHEDULED))
    for i in municipal:
        if result[i] is S.RESOLVED:
            result[i] = _closed_outcome(rng, items[i].category)
    return result


def _closed_outcome(rng: Random, category: Category) -> TicketStatus:
    roll = rng.random()
    if roll < REJECT_SHARE:
        return S.REJECTED
    if roll < REJECT_SHARE + DUPLICATE_SHARE:
        return S.DUPLICATE
    if category.code in STAFF_FORWARDS and rng.random() < STAFF_FORWARD_SHARE:
        return S.FORWARDED
    return S.RESOLVED


def drafts(
    w: World, items: list[Arrival], ids: list[int], counters: dict[int, int], prefix: str
) -> tuple[list[Draft], Citizens]:
    """Ticket rows for the arrivals; `counters` (year -> last number used) moves along."""
    citizens, channel_refs = Citizens(w.rng), content.ChannelReferences(w.rng)
    result = []
    for item, outcome, ticket_id in zip(items, outcomes(w, items), ids, strict=True):
        year = item.at.astimezone(ISTANBUL).year
        counters[year] = counters.get(year, 0) + 1
        reference = f"{prefix}-{year}-{counters[year]:06d}"
        person, reply = citizens.for_ticket(item.channel, item.at)
        row, place = _row(w.rng, item, ticket_id, reference, channel_refs)
        row["reply_channel"] = reply
        # The same 144-bit format as references.new_secret; real randomness, not the seed,
        # so a demo database on a public host does not hand out guessable secrets.
        secret = secrets.token_urlsafe(18)
        row["secret_hash"] = hash_secret(secret)
        result.append(Draft(ticket_id, row, item.category, outcome, place, person, secret))
    for d in result:
        d.set_due_dates()
    return result, citizens


def _row(
    rng: Random, item: Arrival, ticket_id: int, reference: str, channel_refs: content.ChannelReferences
) -> tuple[dict[str, Any], content.Place]:
    place = content.pick_place(rng)
    text = content.write(rng, item.category, place)
    row = {
        "id": ticket_id, "reference": reference, "request_type": text.request_type,
        "category_id": item.category.id, "department_id": item.category.department_id,
        "assignee_id": None, "contact_id": None, "status": S.NEW, "priority": content.priority(rng, item.category),
        "channel": item.channel, "channel_reference": channel_refs.next(item.channel, item.at),
        "idempotency_key": None, "title": text.title, "description": text.description,
        **content.location(rng, item.category, item.channel, place),
        "due_at": None, "legal_due_at": None, "on_hold_since": None, "closed_at": None, "resolution": None,
        "forwarded_to": None, "duplicate_of_id": None, "created_at": item.at, "updated_at": item.at,
        "version": 1,
    }
    return row, place


def histories(drafts: list[Draft], w: World) -> None:
    """Every timeline, duplicates last: they need to know when their target closed; then what
    WhatsApp citizens wrote while their ticket was open."""
    for d in drafts:
        if d.outcome is S.DUPLICATE:
            continue
        if d.outcome is S.FORWARDED and d.category.remit is Remit.EXTERNAL:
            timeline.auto_forwarded(d, w)
        elif d.outcome.is_closed:
            timeline.closed(d, w)
        else:
            timeline.still_open(d, w)
    for i, d in enumerate(drafts):
        if d.outcome is S.DUPLICATE:
            merges.merge(drafts, i, w)
    for d in drafts:
        whatsapp.follow_ups(d, w)
        d.finish()
