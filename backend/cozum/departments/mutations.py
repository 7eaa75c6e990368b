"""createDepartment, updateDepartment, createCategory, updateCategory: each change with its audit row."""

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from cozum.context import Info
from cozum.departments import audit_entries, category_service, department_service, repository
from cozum.departments import models as rows
from cozum.departments.inputs import (
    CreateCategoryInput,
    CreateDepartmentInput,
    UpdateCategoryInput,
    UpdateDepartmentInput,
)
from cozum.departments.types import Category, Department
from cozum.kit.errors import UserError
from cozum.kit.mutations import run_mutation
from cozum.kit.relay import decode_id

_ID = ["input", "id"]


@strawberry.type
class DepartmentPayload:
    department: Department | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CategoryPayload:
    category: Category | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _department_payload(row: rows.Department | None, errors: list[UserError]) -> DepartmentPayload:
    return DepartmentPayload(department=Department.from_row(row) if row else None, user_errors=errors)


def _category_payload(row: rows.Category | None, errors: list[UserError]) -> CategoryPayload:
    return CategoryPayload(category=Category.from_row(row) if row else None, user_errors=errors)


async def create_department(info: Info, input: CreateDepartmentInput) -> DepartmentPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> rows.Department:
        department = await department_service.create_department(session, input)
        audit_entries.department_created(session, actor, address, department)
        return department

    return _department_payload(*await run_mutation(info, act))


async def update_department(info: Info, input: UpdateDepartmentInput) -> DepartmentPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> rows.Department:
        department = await repository.locked_department(session, decode_id(input.id, "Department", _ID), _ID)
        before = audit_entries.department_snapshot(department)
        await department_service.update_department(session, department, input)
        audit_entries.department_updated(session, actor, address, department, before)
        return department

    return _department_payload(*await run_mutation(info, act))


async def create_category(info: Info, input: CreateCategoryInput) -> CategoryPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> rows.Category:
        category = await category_service.create_category(session, input)
        await audit_entries.category_created(session, actor, address, category)
        return category

    return _category_payload(*await run_mutation(info, act))


async def update_category(info: Info, input: UpdateCategoryInput) -> CategoryPayload:  # noqa: A002
    actor, address = info.context.actor, info.context.address

    async def act(session: AsyncSession) -> rows.Category:
        category = await repository.locked_category(session, decode_id(input.id, "Category", _ID), _ID)
        before = await audit_entries.category_snapshot(session, category)
        await category_service.update_category(session, category, input)
        await audit_entries.category_updated(session, actor, address, category, before)
        return category

    return _category_payload(*await run_mutation(info, act))
