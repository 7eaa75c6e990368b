"""How often an anonymous caller may write: submissions and reopenings share one budget."""

import math

from cozum.context import Context
from cozum.kit.address_limits import address_key
from cozum.kit.errors import DomainError, UserError, UserErrorCode


def wait_before_writing(context: Context) -> int | None:
    """Seconds this caller must wait, or None when the write may go ahead (and is counted).

    API keys have their own per-key limit, counted as they are looked up; staff have none.
    """
    if context.actor.is_authenticated:
        return None
    limits = context.shared.anonymous_limits
    per_minute = context.settings.anonymous_submissions_per_minute
    wait = limits.submissions.take(address_key(context.address), per_minute)
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait))
    if context.response is not None:
        context.response.headers["Retry-After"] = str(seconds)
    return seconds


def too_many(seconds: int) -> list[UserError]:
    error = DomainError(
        UserErrorCode.TOO_MANY_ATTEMPTS,
        f"Too many requests from your address; try again in {seconds} s.", ["input"],
    )
    return [UserError.from_error(error)]
