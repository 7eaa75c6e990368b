"""`cozum demo`: a realistic history shaped like the Elbistan and MİMER articles in seeds/."""

import time
from collections import Counter
from random import Random

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col

from cozum.config import get_settings
from cozum.demo import plan, store
from cozum.demo.draft import Draft, World
from cozum.demo.staff import DEMO_PASSWORD, DOMAIN, ensure_staff
from cozum.departments.models import Category, Department, Remit
from cozum.departments.seed import load_defaults
from cozum.kit.time import utcnow
from cozum.tickets.enums import OPEN_STATUSES, TicketStatus


async def load_demo(
    sessionmaker: async_sessionmaker[AsyncSession], *, tickets: int = 3000, seed: int = 2019
) -> str:
    """Load the default departments and categories, demo staff and `tickets` tickets; returns a summary.

    Development data only. Staff accounts: admin@cozum.local (ADMIN), operator@cozum.local
    (OPERATOR) and one AGENT per department named after its code (fen@cozum.local,
    zabita@cozum.local, park@cozum.local, ...), all with the password "cozum-demo".

    Tickets cover the last 18 months: Fen İşleri first, then Zabıta, then Park ve Bahçeler;
    phone, walk-ins and petitions before the written channels; about 95% resolved and some
    45 still open per 3,000. Each row, its timeline and the reference counters are what the
    services would have written; a WhatsApp ticket also has its citizen's messages, each with
    the webhook call it came in. The same seed gives the same data (dates follow the clock;
    tracking secrets are random and thrown away, except one example in the summary).

    Idempotent: when the database already holds tickets only the defaults are ensured. Everything
    else happens in one transaction, in bulk, without going through the services one by one.
    """
    started = time.perf_counter()
    async with sessionmaker() as session, session.begin():
        await store.lock(session)
        await load_defaults(session)
        if await store.has_tickets(session):
            return "The database already has tickets: no demo data loaded (default departments and categories ensured)."
        staff = await ensure_staff(session)
        departments = (await session.execute(select(Department))).scalars()
        world = World(Random(seed), utcnow(), staff, {d.id: d.code for d in departments if d.id is not None})
        categories = await _categories(session)
        used = await store.counters(session)
        ids = await store.allocate(session, "tickets", tickets)
        drafts, citizens = plan.drafts(world, plan.arrivals(world, categories, tickets), ids, used,
                                       get_settings().ticket_prefix)
        plan.histories(drafts, world)
        await store.save(session, drafts, citizens, used)
    return _summary(drafts, len(citizens.people), staff.accounts, time.perf_counter() - started)


async def _categories(session: AsyncSession) -> list[Category]:
    # A municipal category without a department could not be routed, so it gets no demo tickets.
    stmt = select(Category).where(col(Category.active).is_(True)).order_by(col(Category.id))
    rows = (await session.execute(stmt)).scalars()
    return [c for c in rows if c.department_id is not None or c.remit is Remit.EXTERNAL]


def _summary(drafts: list[Draft], citizens: int, accounts: int, seconds: float) -> str:
    statuses = Counter(d.status for d in drafts)
    still_open = sum(n for s, n in statuses.items() if s in OPEN_STATUSES)
    closed_other = len(drafts) - still_open - statuses[TicketStatus.RESOLVED]
    line = (
        f"Demo data loaded in {seconds:.1f}s: {len(drafts)} tickets ({statuses[TicketStatus.RESOLVED]} resolved, "
        f"{still_open} open, {closed_other} rejected/forwarded/duplicate) from {citizens} citizens; "
        f"{accounts} staff accounts (admin@{DOMAIN}, operator@{DOMAIN}, fen@{DOMAIN}, ...; "
        f"password {DEMO_PASSWORD})."
    )
    example = next((d for d in reversed(drafts) if d.status in OPEN_STATUSES), drafts[-1] if drafts else None)
    if example is not None:
        line += f' Try trackRequest(reference: "{example.row["reference"]}", secret: "{example.secret}").'
    return line
