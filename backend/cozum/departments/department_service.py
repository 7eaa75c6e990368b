"""Creating and changing departments. Services flush; the request commits."""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.departments import fields, repository
from cozum.departments.inputs import CreateDepartmentInput, UpdateDepartmentInput
from cozum.departments.models import Department
from cozum.kit.errors import DomainError, UserErrorCode

_INPUT = "input"


async def create_department(session: AsyncSession, data: CreateDepartmentInput) -> Department:
    department = Department(
        code=fields.code(data.code, fields.DEPARTMENT_CODE_MAX, [_INPUT, "code"]),
        name_tr=fields.name(data.name_tr, [_INPUT, "nameTr"]),
        name_en=fields.name(data.name_en, [_INPUT, "nameEn"]),
    )
    await repository.insert_with_code(session, department, [_INPUT, "code"])
    return department


async def update_department(session: AsyncSession, department: Department, data: UpdateDepartmentInput) -> None:
    if data.name_tr is not None:
        department.name_tr = fields.name(data.name_tr, [_INPUT, "nameTr"])
    if data.name_en is not None:
        department.name_en = fields.name(data.name_en, [_INPUT, "nameEn"])
    if data.active is False and department.active:
        await _refuse_while_categories_lead_here(session, department)
    if data.active is not None:
        department.active = data.active
    await session.flush()


async def _refuse_while_categories_lead_here(session: AsyncSession, department: Department) -> None:
    # Its tickets stay where they are; but new requests would keep arriving at a directorate
    # nobody may route to any more. The administrator moves those categories first.
    assert department.id is not None
    codes = await repository.active_category_codes(session, department.id)
    if codes:
        shown = ", ".join(codes[:5]) + (" …" if len(codes) > 5 else "")
        raise DomainError(
            UserErrorCode.INVALID,
            f"Active categories still send new requests here ({shown}): give them another department first.",
            [_INPUT, "active"],
        )
