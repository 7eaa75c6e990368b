"""Demo staff accounts: an admin, a call-centre operator and one agent per department."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import StaffRole, User
from cozum.auth.service import create_user
from cozum.demo.draft import Staff, Who
from cozum.departments.models import Department

# Development only: every demo account shares this password (load_demo says so).
DEMO_PASSWORD = "cozum-demo"
DOMAIN = "cozum.local"

AGENT_NAMES = {
    "FEN": "Mehmet Kaya", "ZABITA": "Hasan Demir", "PARK": "Zeynep Çelik", "TEMIZLIK": "Ali Şahin",
    "VETERINER": "Esra Yıldız", "IMAR": "Murat Öztürk", "CEVRE": "Fatma Arslan", "SU": "Osman Kılıç",
    "ULASIM": "Emre Doğan", "SOSYAL": "Hatice Koç", "KULTUR": "Merve Kurt", "RUHSAT": "Yusuf Aslan",
    "MALI": "Derya Polat", "BASIN": "Burak Güneş", "MEZARLIK": "İsmail Tekin",
}


async def _account(
    session: AsyncSession, existing: dict[str, User], email: str, role: StaffRole, name: str,
    department_code: str | None = None,
) -> User:
    # A developer may already have made admin@cozum.local by hand; keep theirs.
    if email in existing:
        return existing[email]
    return await create_user(session, email, DEMO_PASSWORD, role, name, department_code)


async def ensure_staff(session: AsyncSession) -> Staff:
    """Creates the accounts that are missing; returns who acts in the demo timelines."""
    departments = list((await session.execute(
        select(Department).where(col(Department.active).is_(True)).order_by(col(Department.id))
    )).scalars())
    emails = [f"{d.code.lower()}@{DOMAIN}" for d in departments] + [f"admin@{DOMAIN}", f"operator@{DOMAIN}"]
    found = await session.execute(select(User).where(col(User.email).in_(emails)))
    existing = {u.email: u for u in found.scalars()}
    await _account(session, existing, f"admin@{DOMAIN}", StaffRole.ADMIN, "Sistem Yöneticisi")
    operator = await _account(session, existing, f"operator@{DOMAIN}", StaffRole.OPERATOR, "Elif Aydın")
    agents = {}
    for d in departments:
        name = AGENT_NAMES.get(d.code, f"{d.name_tr} Personeli")
        user = await _account(session, existing, f"{d.code.lower()}@{DOMAIN}", StaffRole.AGENT, name, d.code)
        assert d.id is not None and user.id is not None
        agents[d.id] = Who(user.name, user.id)
    assert operator.id is not None
    return Staff(operator=Who(operator.name, operator.id), agents=agents, accounts=len(emails))
