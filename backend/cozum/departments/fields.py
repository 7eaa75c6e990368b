"""What administrators may type into a department or a category, checked field by field."""

import re

from cozum.departments.models import Remit
from cozum.kit.errors import DomainError, UserErrorCode
from cozum.kit.text import clean_text, required_text

NAME_MAX = 200
INSTITUTION_MAX = 200
DEPARTMENT_CODE_MAX = 32
CATEGORY_CODE_MAX = 48
# A year: longer is a typo, and a due date that far off is no promise at all.
SLA_HOURS_MAX = 24 * 365

# ASCII only: codes travel in URLs, CSV exports and integrators' configuration.
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def code(value: str, limit: int, field: list[str]) -> str:
    """Upper-cased, so `fen` and `FEN` are one code (as `department_id_by_code` reads them).

    Checked as typed, before upper-casing: Unicode upper case would turn `ß` into `SS` and `ı`
    into `I`, passing the ASCII check with a longer or different code than the one typed.
    """
    typed = required_text(value, limit, field)
    text = typed.upper()
    if not _CODE.fullmatch(typed):
        raise DomainError(
            UserErrorCode.INVALID, "Use letters A–Z, digits and _, starting with a letter.", field
        )
    return text


def name(value: str, field: list[str]) -> str:
    return required_text(value, NAME_MAX, field)


def sla_hours(value: int, field: list[str]) -> int:
    if not 0 < value <= SLA_HOURS_MAX:
        raise DomainError(UserErrorCode.INVALID, f"Between 1 and {SLA_HOURS_MAX} hours.", field)
    return value


def institution(remit: Remit, value: str | None, field: list[str]) -> str | None:
    """Who takes over an EXTERNAL category's requests; a MUNICIPAL category has nobody."""
    text = clean_text(value, INSTITUTION_MAX, field)
    if remit is Remit.EXTERNAL and text is None:
        raise DomainError(UserErrorCode.REQUIRED, "Name the institution that handles these requests.", field)
    if remit is Remit.MUNICIPAL and text is not None:
        raise DomainError(UserErrorCode.INVALID, "Only an EXTERNAL category is handled elsewhere.", field)
    return text
