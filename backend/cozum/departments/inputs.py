"""The inputs of the administration mutations: absent (null) fields are left as they are."""

import strawberry

from cozum.departments.models import Remit
from cozum.tickets.enums import Priority


@strawberry.input(description="A new directorate (müdürlük).")
class CreateDepartmentInput:
    code: str = strawberry.field(description="A–Z, 0–9 and _, starting with a letter; upper-cased; unique.")
    name_tr: str
    name_en: str


@strawberry.input(description="Null or absent fields are left unchanged.")
class UpdateDepartmentInput:
    id: strawberry.ID
    name_tr: str | None = None
    name_en: str | None = None
    active: bool | None = strawberry.field(
        default=None,
        description="False retires it: its tickets stay, it is no longer offered. "
        "Refused while active categories still send new requests to it.",
    )


@strawberry.input(description="A new category of request.")
class CreateCategoryInput:
    code: str = strawberry.field(description="A–Z, 0–9 and _, starting with a letter; upper-cased; unique.")
    name_tr: str
    name_en: str
    department_id: strawberry.ID | None = strawberry.field(
        default=None, description="Where its requests go by default; none leaves them for the call centre to route."
    )
    default_priority: Priority = Priority.NORMAL
    sla_hours: int | None = strawberry.field(default=None, description="1 to 8760; none sets no SLA due date.")
    remit: Remit = Remit.MUNICIPAL
    external_institution: str | None = strawberry.field(
        default=None, description="Required when remit is EXTERNAL, refused otherwise."
    )


@strawberry.input(description="Null or absent fields are left unchanged; clear* flags empty a field.")
class UpdateCategoryInput:
    id: strawberry.ID
    name_tr: str | None = None
    name_en: str | None = None
    department_id: strawberry.ID | None = None
    clear_department: bool = strawberry.field(
        default=False, description="No default department any more (not with departmentId)."
    )
    default_priority: Priority | None = None
    sla_hours: int | None = None
    clear_sla_hours: bool = strawberry.field(default=False, description="No SLA any more (not with slaHours).")
    remit: Remit | None = strawberry.field(
        default=None, description="Changing to MUNICIPAL clears externalInstitution."
    )
    external_institution: str | None = strawberry.field(
        default=None, description="Required when the category is, or becomes, EXTERNAL."
    )
    active: bool | None = strawberry.field(
        default=None, description="False stops new requests in it; its tickets stay."
    )
