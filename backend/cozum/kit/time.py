from datetime import UTC, datetime
from zoneinfo import ZoneInfo

ISTANBUL = ZoneInfo("Europe/Istanbul")


def utcnow() -> datetime:
    return datetime.now(UTC)
