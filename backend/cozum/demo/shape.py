"""How much of what arrives, through which channel and when: the shape of the seed articles."""

import math
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from random import Random

from cozum.kit.time import ISTANBUL
from cozum.tickets.enums import IntakeChannel

WINDOW_DAYS = 548  # about 18 months of history


def _outside(value: float, months: dict[int, float]) -> dict[int, float]:
    return {m: months.get(m, value) for m in range(1, 13)}


_WINTER = {12: 1.2, 1: 1.2, 2: 1.1}
_SUMMER = {6: 1.4, 7: 1.4, 8: 1.3}

# code -> (base weight, month factors, 1.0 when absent). Fen İşleri leads every month, then
# Zabıta, then Park ve Bahçeler, as in Elbistan; summer factors stay below that ranking.
CATEGORY_SHAPE: dict[str, tuple[float, dict[int, float]]] = {
    "ROAD_POTHOLE": (160, {3: 1.4, 4: 1.3}),  # the spring thaw opens potholes
    "SIDEWALK": (90, {}),
    "SNOW_ICE": (100, _outside(0.0, {11: 0.15, 12: 1.1, 1: 1.4, 2: 1.1, 3: 0.2})),
    "CONSTRUCTION_DEBRIS": (40, {5: 1.3, 6: 1.3, 7: 1.3, 8: 1.3, 9: 1.2}),
    "STREET_VENDOR": (45, {6: 1.3, 7: 1.3, 8: 1.3, 12: 0.7, 1: 0.7, 2: 0.7}),
    "OCCUPATION": (50, {}),
    "NOISE": (45, {6: 1.4, 7: 1.4, 8: 1.4}),
    "UNLICENSED_BUSINESS": (15, {}),
    "PARK_MAINTENANCE": (70, {**_SUMMER, 12: 0.4, 1: 0.4, 2: 0.4, 4: 1.3, 5: 1.4}),
    "TREE": (45, {3: 1.4, 4: 1.3, 10: 1.3, 11: 1.3}),
    "GARBAGE": (55, _SUMMER),
    "STREET_CLEANING": (30, {10: 1.3, 11: 1.3}),
    "STRAY_ANIMAL": (45, _WINTER),
    "PEST": (30, _outside(0.2, {5: 2.0, 6: 3.0, 7: 3.0, 8: 2.5, 9: 1.5})),
    "ILLEGAL_BUILDING": (30, {}),
    "WATER_FAULT": (45, {12: 1.3, 1: 1.5, 2: 1.3}),  # frozen pipes
    "PUBLIC_TRANSPORT": (30, {9: 1.3}),
    "SOCIAL_AID": (30, {**_WINTER, 11: 1.3, 3: 0.8}),
    "CULTURE_EVENT": (12, {}),
    "TAX_DEBT": (18, {5: 2.0, 11: 2.0}),  # property tax instalments fall due
    "INFO_REQUEST": (12, {}),
    "CEMETERY": (10, {}),
    "STREET_LIGHTING": (15, {11: 1.3, 12: 1.3, 1: 1.3}),
    "OTHER": (20, {}),
}
UNKNOWN_CATEGORY_WEIGHT = 5.0

# The MİMER split: phone first, walk-ins and petitions next, then the written channels.
CHANNEL_WEIGHTS: dict[IntakeChannel, float] = {
    IntakeChannel.PHONE: 35,
    IntakeChannel.IN_PERSON: 20,
    IntakeChannel.PETITION: 18,
    IntakeChannel.EMAIL: 7,
    IntakeChannel.SOCIAL_MEDIA: 6.5,
    IntakeChannel.WHATSAPP: 6,
    IntakeChannel.WEB: 4,
    IntakeChannel.CIMER: 1.8,
    IntakeChannel.OPEN311: 1.2,
    IntakeChannel.API: 1.0,
}
# A Law 4982 request is made in writing.
WRITTEN_CHANNELS = [IntakeChannel.PETITION, IntakeChannel.EMAIL, IntakeChannel.CIMER, IntakeChannel.WEB]

OPEN_SHARE = 0.015  # Elbistan: 45 requests still under review
REJECT_SHARE = 0.012
DUPLICATE_SHARE = 0.014  # about half find no open ticket to merge into and are resolved instead

_DESK = frozenset({IntakeChannel.IN_PERSON, IntakeChannel.PETITION})
# Hour-of-day weights (Istanbul time); the walk-in desk is open 08:00-17:00 on weekdays.
_HOURS = {
    "desk": [0] * 8 + [0.6, 1, 1.2, 1.2, 0.7, 0.9, 1.1, 1, 0.8] + [0] * 7,
    "phone": [0.05] * 7 + [0.3] + [1] * 10 + [0.5] * 4 + [0.2] * 2,
    "online": [0.1] * 7 + [0.5] * 3 + [1] * 13 + [0.4],
}
_WEEKEND = {"desk": 0.0, "phone": 0.35, "online": 0.8}


def _rhythm(channel: IntakeChannel) -> str:
    if channel in _DESK:
        return "desk"
    return "phone" if channel is IntakeChannel.PHONE else "online"


class Calendar:
    """Samples creation times: more in recent months (the line catches on), fewer at weekends."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        today = now.astimezone(ISTANBUL).date()
        self.days = [today - timedelta(days=WINDOW_DAYS - 1 - i) for i in range(WINDOW_DAYS)]
        self._days_cum = {kind: list(accumulate(self._day_weight(i, d, kind) for i, d in enumerate(self.days)))
                          for kind in _HOURS}
        self._hours_cum = {kind: list(accumulate(weights)) for kind, weights in _HOURS.items()}

    def _day_weight(self, index: int, day: date, kind: str) -> float:
        growth = 0.75 + 0.5 * index / WINDOW_DAYS
        return growth * (_WEEKEND[kind] if day.weekday() >= 5 else 1.0)

    def sample(self, rng: Random, channel: IntakeChannel) -> datetime:
        kind = _rhythm(channel)
        for _ in range(20):
            day = rng.choices(self.days, cum_weights=self._days_cum[kind])[0]
            hour = rng.choices(range(24), cum_weights=self._hours_cum[kind])[0]
            local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)), ISTANBUL)
            if local < self.now - timedelta(minutes=5):
                return local.astimezone(self.now.tzinfo)
        # Today's remaining hours kept coming up: any moment of the last day will do.
        return self.now - timedelta(minutes=rng.uniform(5, 24 * 60))


def category_weight(code: str, month: int) -> float:
    base, factors = CATEGORY_SHAPE.get(code, (UNKNOWN_CATEGORY_WEIGHT, {}))
    return base * factors.get(month, 1.0)


def routing_delay(rng: Random, channel: IntakeChannel) -> timedelta:
    """How long a new ticket waits for the operator to send it to a department."""
    if channel in (IntakeChannel.PHONE, IntakeChannel.IN_PERSON):
        return timedelta(minutes=rng.uniform(1, 15))  # routed while the caller is still there
    if channel in (IntakeChannel.PETITION, IntakeChannel.CIMER):
        return timedelta(hours=rng.uniform(1, 48))  # paper goes through registry first
    return timedelta(minutes=rng.uniform(5, 6 * 60))


def work_duration(rng: Random, sla_hours: int | None, legal_due: timedelta | None) -> timedelta:
    """Creation to closing: usually well within the SLA, now and then well over it."""
    budget = float(sla_hours or 240)
    if legal_due is not None:
        budget = min(budget, legal_due.total_seconds() / 3600)
    hours = budget * rng.lognormvariate(math.log(0.45), 0.7)
    return timedelta(hours=max(hours, 0.5))
