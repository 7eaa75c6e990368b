from dataclasses import dataclass

from cozum.auth.models import StaffRole, User


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff member, or a named non-staff source such as the citizen."""

    label: str
    user_id: int | None = None
    role: StaffRole | None = None
    department_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.user_id is not None

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(label=user.name, user_id=user.id, role=user.role, department_id=user.department_id)


ANONYMOUS = Actor(label="anonymous")
CITIZEN = Actor(label="citizen")
SYSTEM = Actor(label="system")
