"""Duplicates: a second report of the same problem, merged into the first while it was open."""

from datetime import datetime, timedelta
from random import Random

from cozum.demo import timeline
from cozum.demo.draft import Draft, World
from cozum.tickets.enums import TicketEventType, TicketStatus

E, S = TicketEventType, TicketStatus
LOOKBACK = timedelta(days=10)
# The target must still be open this long after the duplicate arrives, or nobody could merge.
MIN_OVERLAP = timedelta(hours=1)


def find_target(drafts: list[Draft], index: int, now: datetime) -> Draft | None:
    """An earlier ticket of the same category from the last few days, still open when this one came."""
    d = drafts[index]
    for j in range(index - 1, -1, -1):
        candidate = drafts[j]
        if candidate.created_at < d.created_at - LOOKBACK:
            return None
        if candidate.category.id != d.category.id or candidate.outcome in (S.DUPLICATE, S.FORWARDED):
            continue
        if min(candidate.row["closed_at"] or now, now) - d.created_at >= MIN_OVERLAP:
            return candidate
    return None


def copy_report(d: Draft, target: Draft, rng: Random) -> None:
    """The same problem in the same place, told by someone else."""
    for column in ("request_type", "title", "description", "address", "neighbourhood"):
        d.row[column] = target.row[column]
    d.place = target.place
    for column in ("latitude", "longitude"):
        # Two people never drop their pin on exactly the same spot.
        value = target.row[column]
        d.row[column] = None if value is None else round(value + rng.gauss(0, 0.0002), 6)
    d.set_due_dates()  # the request type may have changed


def merge(drafts: list[Draft], index: int, w: World) -> None:
    """A DUPLICATE's timeline, built once every possible target's is; falls back to RESOLVED."""
    d = drafts[index]
    target = find_target(drafts, index, w.now)
    if target is None:
        d.outcome = S.RESOLVED
        timeline.closed(d, w)
        return
    copy_report(d, target, w.rng)
    timeline.created(d, w)
    open_until = min(target.row["closed_at"] or w.now, w.now)
    window = min(timedelta(hours=36), (open_until - d.created_at) * 0.8)
    merge_at = d.created_at + timedelta(minutes=5) + (window - timedelta(minutes=5)) * w.rng.random()
    if w.rng.random() < 0.4:
        timeline.route(d, w, d.created_at + (merge_at - d.created_at) * w.rng.uniform(0.1, 0.5))
    operator = w.staff.operator
    d.row["duplicate_of_id"] = target.id
    reference = target.row["reference"]
    d.change(merge_at, S.DUPLICATE, operator, data={"mergedInto": reference, "mergedIntoId": target.id},
             type_=E.MERGED)
    # As lifecycle._merge_one writes it: the target's side of a merge is internal.
    target.record(
        merge_at, E.MERGED, operator, to_status=target.status_at(merge_at), public=False,
        data={"merged": [d.row["reference"]], "mergedIds": [d.id]},
    )
