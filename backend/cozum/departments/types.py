import strawberry

from cozum.context import Info
from cozum.departments import models
from cozum.departments.models import Remit
from cozum.kit.language import Language, pick
from cozum.kit.relay import Node, to_global_id
from cozum.tickets.enums import Priority


@strawberry.type(description="A directorate (müdürlük) that handles requests.")
class Department(Node):
    code: str
    name_tr: str
    name_en: str
    active: bool

    @strawberry.field(description="The name in the requested language.")  # type: ignore[untyped-decorator]
    def name(self, language: Language = Language.TR) -> str:
        return pick(language, self.name_tr, self.name_en)

    @classmethod
    def from_row(cls, row: models.Department) -> "Department":
        assert row.id is not None
        return cls(
            id=to_global_id("Department", row.id), code=row.code,
            name_tr=row.name_tr, name_en=row.name_en, active=row.active,
        )


async def department_of(info: Info, pk: int | None) -> Department | None:
    """The department with this id through the request's loader (batched with its siblings)."""
    if pk is None:
        return None
    row = await info.context.loaders.department_by_id.load(pk)
    return Department.from_row(row) if row else None


@strawberry.type(description="What a request is about; decides the department, priority and SLA.")
class Category(Node):
    code: str
    name_tr: str
    name_en: str
    sla_hours: int | None
    remit: Remit
    external_institution: str | None
    default_priority: Priority
    active: bool
    department_pk: strawberry.Private[int | None]

    @strawberry.field(description="The name in the requested language.")  # type: ignore[untyped-decorator]
    def name(self, language: Language = Language.TR) -> str:
        return pick(language, self.name_tr, self.name_en)

    @strawberry.field(description="Where requests of this category go by default.")  # type: ignore[untyped-decorator]
    async def department(self, info: Info) -> Department | None:
        return await department_of(info, self.department_pk)

    @classmethod
    def from_row(cls, row: models.Category) -> "Category":
        assert row.id is not None
        return cls(
            id=to_global_id("Category", row.id), code=row.code, name_tr=row.name_tr,
            name_en=row.name_en, sla_hours=row.sla_hours, remit=row.remit,
            external_institution=row.external_institution,
            default_priority=row.default_priority, active=row.active,
            department_pk=row.department_id,
        )
