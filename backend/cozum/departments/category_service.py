"""Creating and changing categories. Services flush; the request commits.

Nothing keeps categories in memory between requests (intake, `categories` and `node` read
the table each time), so a category is offered, or withdrawn, from the next request on.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from cozum.departments import fields, repository
from cozum.departments.inputs import CreateCategoryInput, UpdateCategoryInput
from cozum.departments.models import Category
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.relay import decode_id

_INPUT = "input"


async def _department_id(session: AsyncSession, global_id: str) -> int:
    field = [_INPUT, "departmentId"]
    department = await repository.chosen_department(session, decode_id(global_id, "Department", field), field)
    assert department.id is not None
    return department.id


async def create_category(session: AsyncSession, data: CreateCategoryInput) -> Category:
    category = Category(
        code=fields.code(data.code, fields.CATEGORY_CODE_MAX, [_INPUT, "code"]),
        name_tr=fields.name(data.name_tr, [_INPUT, "nameTr"]),
        name_en=fields.name(data.name_en, [_INPUT, "nameEn"]),
        default_priority=data.default_priority,
        remit=data.remit,
        external_institution=fields.institution(data.remit, data.external_institution, [_INPUT, "externalInstitution"]),
    )
    if data.sla_hours is not None:
        category.sla_hours = fields.sla_hours(data.sla_hours, [_INPUT, "slaHours"])
    if data.department_id is not None:
        category.department_id = await _department_id(session, data.department_id)
    await repository.insert_with_code(session, category, [_INPUT, "code"])
    return category


def _refuse_both(given: object, clear: bool, field: str, flag: str) -> None:
    if given is not None and clear:
        raise DomainError(UserErrorCode.INVALID, f"Give {field} or {flag}, not both.", [_INPUT, flag])


async def update_category(session: AsyncSession, category: Category, data: UpdateCategoryInput) -> None:
    _refuse_both(data.department_id, data.clear_department, "departmentId", "clearDepartment")
    _refuse_both(data.sla_hours, data.clear_sla_hours, "slaHours", "clearSlaHours")
    if data.name_tr is not None:
        category.name_tr = fields.name(data.name_tr, [_INPUT, "nameTr"])
    if data.name_en is not None:
        category.name_en = fields.name(data.name_en, [_INPUT, "nameEn"])
    if data.default_priority is not None:
        category.default_priority = data.default_priority
    if data.sla_hours is not None:
        category.sla_hours = fields.sla_hours(data.sla_hours, [_INPUT, "slaHours"])
    elif data.clear_sla_hours:
        category.sla_hours = None
    if data.department_id is not None:
        category.department_id = await _department_id(session, data.department_id)
    elif data.clear_department:
        category.department_id = None
    _update_remit(category, data)
    if data.active and not category.active:
        await _refuse_a_retired_department(session, category)
    if data.active is not None:
        category.active = data.active
    await session.flush()


async def _refuse_a_retired_department(session: AsyncSession, category: Category) -> None:
    # Back in service, it would send new requests to a directorate nobody may route to.
    if category.department_id is not None:
        await repository.chosen_department(session, category.department_id, [_INPUT, "active"])


def _update_remit(category: Category, data: UpdateCategoryInput) -> None:
    remit = category.remit if data.remit is None else data.remit
    field = [_INPUT, "externalInstitution"]
    if data.external_institution is not None:
        category.external_institution = fields.institution(remit, data.external_institution, field)
    elif remit is not category.remit:
        # Becoming MUNICIPAL forgets the institution; becoming EXTERNAL needs one.
        category.external_institution = fields.institution(remit, None, field)
    category.remit = remit
