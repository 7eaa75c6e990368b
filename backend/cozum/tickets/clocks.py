"""Due dates: the category's SLA and the legal clocks (Law 3071: 30 days; Law 4982: 15 working days)."""

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from cozum.kit.time import ISTANBUL
from cozum.tickets.enums import IntakeChannel, RequestType

PETITION_DAYS = 30
INFORMATION_WORKING_DAYS = 15


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> frozenset[date]:
    # Full public holidays only: an arife half day is still a working day.
    return frozenset(holidays.country_holidays("TR", years=year, categories=("public",)).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def add_working_days(start: datetime, days: int) -> datetime:
    """The end of the `days`-th working day after `start`, in Istanbul time."""
    day = start.astimezone(ISTANBUL).date()
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return datetime.combine(day, time(23, 59, 59), ISTANBUL)


def legal_due(start: datetime, channel: IntakeChannel, request_type: RequestType) -> datetime | None:
    if request_type is RequestType.INFORMATION:
        return add_working_days(start, INFORMATION_WORKING_DAYS)
    if channel in (IntakeChannel.PETITION, IntakeChannel.CIMER):
        return start + timedelta(days=PETITION_DAYS)
    return None


def sla_due(start: datetime, sla_hours: int | None) -> datetime | None:
    return start + timedelta(hours=sla_hours) if sla_hours else None


def due_dates(
    start: datetime, sla_hours: int | None, channel: IntakeChannel, request_type: RequestType
) -> tuple[datetime | None, datetime | None]:
    """(due date shown to staff, legal deadline); the due date is never after the legal one."""
    legal = legal_due(start, channel, request_type)
    candidates = [d for d in (sla_due(start, sla_hours), legal) if d is not None]
    return (min(candidates) if candidates else None), legal
