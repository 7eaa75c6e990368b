"""GET requests' query string as a RequestQuery.

The spec's window: requested_datetime within start_date and end_date, which may not span more
than 90 days; either alone spans 90 days from it; neither means the last 90 days, unless the
client asks by updated_after/updated_before instead (a client catching up with changes, which
pages through them without a span limit).
"""

from collections.abc import Mapping
from datetime import timedelta

from cozum.kit.time import utcnow
from cozum.open311 import params
from cozum.open311.errors import bad_request
from cozum.open311.queries import RequestQuery

WINDOW = timedelta(days=90)
MAX_PAGE_SIZE = 1000  # the spec's default maximum, and ours at most
# How deep plain paging goes (page × page_size): an OFFSET walks every row before it, so a
# client reading further follows updated_after instead, which an index serves at any depth.
MAX_OFFSET = 10_000
_STATUSES = {"open": False, "closed": True}


def _closed(values: Mapping[str, str]) -> bool | None:
    statuses = params.comma_list(values, "status", 10)
    if statuses is None:
        return None
    wanted = {status.lower() for status in statuses}
    if not wanted <= _STATUSES.keys():
        raise bad_request("status must be open, closed, or both comma-separated.")
    return _STATUSES[wanted.pop()] if len(wanted) == 1 else None


def request_query(values: Mapping[str, str]) -> RequestQuery:
    page = params.integer(values, "page", 1, 1, MAX_OFFSET)
    page_size = params.integer(values, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    if (page - 1) * page_size >= MAX_OFFSET:
        raise bad_request(
            f"Paging reaches the first {MAX_OFFSET} requests; to read further, page by updated_after "
            "with the last updated_datetime seen."
        )
    history = params.flag(values, "extensions")
    references = params.comma_list(values, "service_request_id", MAX_PAGE_SIZE)
    if references is not None:
        return RequestQuery(references=references, page=page, page_size=page_size, history=history)
    start, end = params.w3c_datetime(values, "start_date"), params.w3c_datetime(values, "end_date")
    after, before = params.w3c_datetime(values, "updated_after"), params.w3c_datetime(values, "updated_before")
    if start is not None and end is not None:
        if end < start:
            raise bad_request("end_date is before start_date.")
        if end - start > WINDOW:
            raise bad_request("start_date and end_date may not span more than 90 days.")
    elif start is not None:
        end = start + WINDOW
    elif end is not None:
        start = end - WINDOW
    elif after is None and before is None:
        start = utcnow() - WINDOW
    return RequestQuery(
        service_codes=params.comma_list(values, "service_code", 100), requested_from=start, requested_until=end,
        closed=_closed(values), updated_after=after, updated_before=before,
        page=page, page_size=page_size, history=history,
    )
