"""Which errors are the client's own, and the code each carries.

Parse and validation errors get their codes in kit/document_guard.py. Variables that do not
fit their declared types are found by graphql-core when execution is set up, before any
resolver runs; `CodedVariableErrors` gives those BAD_USER_INPUT, and `code_refused_operation`
gives Strawberry's refusals of an operation BAD_REQUEST. Everything with a code, and
every error raised on purpose without a cause, is the client's to read; the rest are faults.
"""

from typing import Any

from graphql import GraphQLError
from graphql.execution import Executor
from strawberry.exceptions import MissingQueryError
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError

from cozum.kit.errors import GraphQLErrorCode as Code

_REFUSED_OPERATIONS = (MissingQueryError, CannotGetOperationTypeError, InvalidOperationTypeError)


class CodedVariableErrors(Executor[Any]):
    """Put before an executor class in the bases; `hide_suggestions` drops "Did you mean …?"."""

    hide_suggestions_always = False

    @classmethod
    def build(cls, *args: Any, **kwargs: Any) -> Any:
        kwargs["hide_suggestions"] = cls.hide_suggestions_always or kwargs.get("hide_suggestions", False)
        try:
            built = super().build(*args, **kwargs)
        except IndexError:
            # graphql-core sizes its "Did you mean" distance table before lower-casing, and
            # "İ" lower-cases to two characters: an unknown input field such as "İl" would
            # crash the suggestion. The same errors without suggestions are still the client's.
            kwargs["hide_suggestions"] = True
            built = super().build(*args, **kwargs)
        if isinstance(built, list):  # errors: no operation could be set up
            for error in built:
                if not (error.extensions or {}).get("code"):
                    error.extensions = {**(error.extensions or {}), "code": Code.BAD_USER_INPUT}
                drop_frames(error)
        return built


def drop_frames(error: GraphQLError) -> None:
    """For a client's error, which is answered and never logged. The frames its traceback
    keeps hold the request (its body, its variables) in a reference cycle with the error,
    freed only by a full collection, which a serving process runs rarely."""
    for exception in (error, error.original_error):
        if exception is not None:
            exception.__traceback__ = exception.__context__ = exception.__cause__ = None


def code_refused_operation(error: GraphQLError) -> None:
    """Strawberry's own refusals of an operation (a query over the legacy WebSocket protocol,
    which runs subscriptions only; no operation to run) come without a code."""
    if isinstance(error.original_error, _REFUSED_OPERATIONS) and not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": Code.BAD_REQUEST}


def is_clients(error: GraphQLError) -> bool:
    """The client's own mistake, or a refusal meant for them; not a fault of ours."""
    return bool(error.extensions and error.extensions.get("code")) or error.original_error is None
