"""Expected failures are data: a code clients switch on, the field it concerns, a message."""

from collections.abc import Sequence
from enum import Enum, StrEnum

import strawberry


@strawberry.enum(description="Why a mutation refused its input.")
class UserErrorCode(Enum):
    INVALID = "INVALID"
    INVALID_ID = "INVALID_ID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    INVALID_PHONE = "INVALID_PHONE"
    INVALID_EMAIL = "INVALID_EMAIL"
    MISSING_CONTACT = "MISSING_CONTACT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    INACTIVE = "INACTIVE"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    DUPLICATE_KEY = "DUPLICATE_KEY"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    # Kept so clients that switch on it still compile; no mutation returns it any more.
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN",
        deprecation_reason="A refused permission is a top-level error with extensions.code FORBIDDEN.",
    )
    OUT_OF_AREA = "OUT_OF_AREA"
    UNSUPPORTED_FILE = "UNSUPPORTED_FILE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    UNKNOWN_PLACEHOLDER = "UNKNOWN_PLACEHOLDER"


class DomainError(Exception):
    """Raised by services for input the caller can fix; turned into `userErrors`.

    `field` names what is at fault in the domain's words (`["location", "latitude"]`); the
    GraphQL layer turns it into the path in its input (kit/mutations.py: at_input).
    """

    def __init__(self, code: UserErrorCode, message: str, field: Sequence[str] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = list(field) if field else None


class PermissionDenied(Exception):
    """Raised by services when the actor may not do this at all: nothing in the input would
    fix it, so it is never a `userErrors` entry but a top-level FORBIDDEN error."""


@strawberry.type(description="An input the mutation refused, and why.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field at fault, e.g. [\"input\", \"description\"]."
    )
    code: UserErrorCode
    message: str

    @classmethod
    def from_error(cls, error: DomainError) -> "UserError":
        return cls(field=error.field, code=error.code, message=error.message)


class GraphQLErrorCode(StrEnum):
    """Codes in `errors[].extensions.code` for failures that are not about input."""

    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    INVALID_ID = "INVALID_ID"
    INVALID_CURSOR = "INVALID_CURSOR"
    BAD_REQUEST = "BAD_REQUEST"
    # The request itself, before anything runs (see kit/document_guard.py).
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"  # variables that do not fit their declared types
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"  # characters, tokens or comments
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"  # fields, aliases, or the time to check it


class NeedsTransaction(Exception):
    """A change tried as one statement outside a transaction block (db.connection_for_change)
    turned out to need more, having written nothing: its field runs again, in a transaction
    (kit/mutations.py)."""
