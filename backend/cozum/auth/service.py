import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.auth.models import StaffRole, StaffSession, User
from cozum.auth.passwords import MIN_LENGTH, hash_password, verify_password
from cozum.auth.revocation import announce
from cozum.contacts.service import normalize_email
from cozum.departments.repository import department_id_by_code
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import clean_text
from cozum.kit.time import utcnow

SESSION_COOKIE = "cozum_session"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def find_user(session: AsyncSession, email: str) -> User | None:
    stmt = select(User).where(col(User.email) == email.strip().lower())
    return (await session.execute(stmt)).scalar_one_or_none()


async def credentials_match(user: User | None, password: str) -> bool:
    """As slow for an unknown e-mail as for a wrong password; needs no database."""
    ok = await verify_password(user.password_hash if user else None, password)
    return user is not None and ok and user.active


async def open_session(session: AsyncSession, user: User, ttl_hours: int) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(StaffSession(
        token_hash=token_hash(token), user_id=user.id,  # type: ignore[arg-type]
        created_at=now, expires_at=now + timedelta(hours=ttl_hours),
    ))
    await session.flush()
    return token


async def login(session: AsyncSession, email: str, password: str, ttl_hours: int) -> tuple[User, str]:
    user = await find_user(session, email)
    if user is None or not await credentials_match(user, password):
        raise DomainError(UserErrorCode.INVALID_CREDENTIALS, "Wrong e-mail or password.", ["input"])
    return user, await open_session(session, user, ttl_hours)


async def logout(session: AsyncSession, token: str) -> None:
    stmt = (
        update(StaffSession)
        .where(col(StaffSession.token_hash) == token_hash(token), col(StaffSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    await session.execute(stmt)
    announce(session)


async def revoke_all_sessions(session: AsyncSession, user_id: int, *, keep: str | None = None) -> int:
    """Ends the user's sessions but the one whose token is `keep`; returns how many ended."""
    stmt = (
        update(StaffSession)
        .where(col(StaffSession.user_id) == user_id, col(StaffSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
        .returning(col(StaffSession.id))
    )
    if keep is not None:
        stmt = stmt.where(col(StaffSession.token_hash) != token_hash(keep))
    ended = len((await session.execute(stmt)).scalars().all())
    announce(session)
    return ended


async def users_by_session(session: AsyncSession, hashes: list[str]) -> dict[str, User]:
    """The staff members of many sessions at once, by token hash: the live sessions only."""
    stmt = (
        select(col(StaffSession.token_hash), User)
        .join(User, col(User.id) == col(StaffSession.user_id))
        .where(
            col(StaffSession.token_hash).in_(hashes),
            col(StaffSession.revoked_at).is_(None),
            col(StaffSession.expires_at) > utcnow(),
            col(User.active).is_(True),
        )
    )
    return {token: user for token, user in (await session.execute(stmt)).all()}  # noqa: C416 - rows, not pairs


async def create_user(
    session: AsyncSession, email: str, password: str, role: StaffRole,
    name: str | None = None, department_code: str | None = None,
) -> User:
    email = normalize_email(email, ["email"])
    name = clean_text(name, 200, ["name"]) or email.split("@")[0][:200]
    if len(password) < MIN_LENGTH:
        raise DomainError(UserErrorCode.INVALID, f"Passwords need at least {MIN_LENGTH} characters.", ["password"])
    department_id = None
    if department_code:
        department_id = await department_id_by_code(session, department_code, ["department"])
    if (await session.execute(select(col(User.id)).where(col(User.email) == email))).first():
        raise DomainError(UserErrorCode.DUPLICATE_KEY, f"{email} already has an account.", ["email"])
    user = User(
        email=email, name=name, role=role,
        password_hash=await hash_password(password), department_id=department_id,
    )
    session.add(user)
    await session.flush()
    return user


async def update_user(
    session: AsyncSession, user: User, role: StaffRole | None, department_code: str | None, active: bool | None,
    *, clear_department: bool = False,
) -> None:
    """Changes take effect on the next request: permissions are read with the session."""
    if department_code is not None and clear_department:
        raise DomainError(
            UserErrorCode.INVALID, "Give departmentCode or clearDepartment, not both.", ["input", "clearDepartment"]
        )
    if role is not None:
        user.role = role
    if department_code is not None:
        user.department_id = await department_id_by_code(session, department_code, ["input", "departmentCode"])
    elif clear_department:
        user.department_id = None
    if active is not None:
        user.active = active
        if not active:
            assert user.id is not None
            await revoke_all_sessions(session, user.id)
    await session.flush()
    announce(session)
