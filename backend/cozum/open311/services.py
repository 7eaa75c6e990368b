"""GET discovery, services and services/{code}: our categories are the services.

Every category takes one optional attribute, `request_type` (a singlevaluelist of our request
types): so each has `metadata` true, and a client that sends none files a complaint (şikâyet).
"""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from cozum.config import Settings
from cozum.departments.models import Category, Department, Remit
from cozum.open311.errors import not_found
from cozum.tickets.enums import RequestType

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When what this server offers last changed (the spec's sortable `changeset`).
CHANGESET = "2026-12-03T00:00:00+03:00"

REQUEST_TYPE_NAMES = {
    RequestType.COMPLAINT: "Şikâyet / Complaint",
    RequestType.REQUEST: "Talep / Request",
    RequestType.SUGGESTION: "Öneri / Suggestion",
    RequestType.REPORT: "İhbar / Report",
    RequestType.INFORMATION: "Bilgi edinme / Information request (Law 4982)",
    RequestType.THANKS: "Teşekkür / Thanks",
}
REQUEST_TYPE_ATTRIBUTE = "request_type"


def discovery(settings: Settings) -> dict[str, Any]:
    base = settings.public_base_url.rstrip("/")
    return {
        "changeset": CHANGESET,
        "contact": f"Çözüm, {base}",
        "key_service": "API keys with the SUBMIT scope are issued by the municipality's administrators.",
        "endpoints": [{
            "specification": SPECIFICATION,
            "url": f"{base}/open311/v2",
            "changeset": CHANGESET,
            "type": "production" if settings.env == "production" else "test",
            "formats": ["text/xml", "application/json"],
        }],
    }


def _service(category: Category, department: Department | None) -> dict[str, Any]:
    description = category.name_en
    if category.remit is Remit.EXTERNAL:
        description += f" (forwarded to {category.external_institution or 'the institution in charge'})"
    return {
        "service_code": category.code,
        "service_name": category.name_tr,
        "description": description,
        "metadata": True,
        "type": "realtime",  # a POST answers with the service_request_id at once
        "keywords": category.name_en,
        "group": department.name_tr if department else "",
    }


async def service_list(session: AsyncSession) -> list[dict[str, Any]]:
    stmt = (
        select(Category, Department)
        .outerjoin(Department, col(Department.id) == col(Category.department_id))
        .where(col(Category.active).is_(True))
        .order_by(col(Category.code))
    )
    return [_service(category, department) for category, department in (await session.execute(stmt))]


async def active_service(session: AsyncSession, code: str) -> Category:
    stmt = select(Category).where(col(Category.code) == code, col(Category.active).is_(True))
    category = (await session.execute(stmt)).scalar_one_or_none()
    if category is None:
        raise not_found(f"No service has the service_code {code!r}.")
    return category


async def service_definition(session: AsyncSession, code: str) -> dict[str, Any]:
    category = await active_service(session, code)
    values = [{"key": t.value, "name": name} for t, name in REQUEST_TYPE_NAMES.items()]
    attribute = {
        "variable": True,
        "code": REQUEST_TYPE_ATTRIBUTE,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "One of the keys; COMPLAINT when not given.",
        "order": 1,
        "description": "Başvuru türü / Kind of request",
        "values": values,
    }
    return {"service_code": category.code, "attributes": [attribute]}
