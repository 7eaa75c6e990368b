"""Every document is parsed, measured and validated here, within limits, before it runs.

Cheapest first, so a hostile document is refused before the costly steps see it:
1. length, tokens and comments: the parser refuses before building anything;
2. what the document expands to (fields, depth, aliases), measured in one pass
   (kit/documents.py), before graphql-core's rules, some of which follow every spread;
3. the standard rules, within a time budget shared with parsing.
Documents are cached by their text, parsed and validated, within a byte budget.
"""

import gc
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from graphql import ASTValidationRule, DocumentNode, GraphQLError, ValidationRule, validate
from graphql.validation.rules import overlapping_fields_can_be_merged
from graphql.validation.validate import ValidationAbortedError
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from cozum.kit.document_cache import DocumentCache, Prepared, release_tokens
from cozum.kit.documents import DocumentMeasure, measure_document
from cozum.kit.errors import GraphQLErrorCode as Code

# OverlappingFieldsCanBeMerged compares fields sharing a response name pairwise, and meters
# the comparisons; at its default (500,000 units, ~2.5 µs each here) one document of
# 400 `departments { totalCount }` took 0.9 s. Real documents spend a few hundred at most.
overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = 10_000

REFUSED_WHOLE = {Code.QUERY_TOO_LARGE, Code.QUERY_TOO_DEEP, Code.QUERY_TOO_COMPLEX}
_TOO_SLOW = "This document took too long to check; send a smaller one."


@dataclass(frozen=True)
class DocumentLimits:
    max_length: int = 100_000  # characters
    max_tokens: int = 2000  # and as many comments
    max_depth: int = 12
    max_aliases: int = 30
    max_fields: int = 2000
    time_budget_ms: int = 500  # CPU time to parse and validate one document
    cache_bytes: int = 32 * 1024 * 1024
    hide_suggestions: bool = False


class _OutOfTime(ValidationAbortedError):
    pass


class _Clock:
    """This thread's CPU time, less what the garbage collector took: a full collection in a
    large process can take longer than any document, and is no document's doing."""

    collecting = 0.0
    started = 0.0

    @classmethod
    def now(cls) -> float:
        return time.thread_time() - cls.collecting

    @classmethod
    def track(cls, phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            cls.started = time.thread_time()
        else:
            cls.collecting += time.thread_time() - cls.started


gc.callbacks.append(_Clock.track)


_deadline: ContextVar[float] = ContextVar("validation_deadline", default=float("inf"))


class _Deadline(ValidationRule):
    """Stops validating once the document's time is spent (the clock is read every few nodes)."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.deadline = _deadline.get()
        self.countdown = 0

    def enter(self, *_: Any) -> None:
        self.countdown -= 1
        if self.countdown > 0:
            return
        self.countdown = 32
        if _Clock.now() > self.deadline:
            raise _OutOfTime(_TOO_SLOW, extensions={"code": Code.QUERY_TOO_COMPLEX})


class DocumentGuard(SchemaExtension):
    def __init__(self, limits: DocumentLimits, cache: DocumentCache) -> None:
        self.limits = limits
        self.cache = cache
        self.prepared: Prepared | None = None
        self.deadline = 0.0

    def on_parse(self) -> Iterator[None]:
        ec = self.execution_context
        limits = self.limits
        self.deadline = _Clock.now() + limits.time_budget_ms / 1000
        options = cast(dict[str, Any], ec.parse_options)
        options.update(max_source_length=limits.max_length, max_lexical_tokens=limits.max_tokens,
                       max_comments=limits.max_tokens)
        query = ec.query or ""
        if len(query) > limits.max_length:
            # Refused all the same, but locating the error scans only what is kept.
            ec.query = query[: limits.max_length + 1]
        self.prepared = self.cache.get(query) if len(query) <= limits.max_length else None
        if self.prepared is not None:
            ec.graphql_document = self.prepared.document
        yield
        for error in ec.pre_execution_errors or ():
            # Its traceback holds every frame of the request, the whole body among them, in a
            # reference cycle that only a full collection frees: drop it, as graphql-core does.
            error.with_traceback(None).__context__ = None
            _code(error, _parse_refusal(error.message))
        self._answer(ec.pre_execution_errors or [])
        if self.prepared is None and ec.graphql_document is not None:
            tokens = release_tokens(ec.graphql_document)
            self.prepared = Prepared(ec.graphql_document, _measure(ec.graphql_document))
            if _Clock.now() <= self.deadline:
                self.cache.put(query, self.prepared, tokens)

    def on_validate(self) -> Iterator[None]:
        ec = self.execution_context
        prepared = self.prepared
        assert prepared is not None, "validation follows a successful parse"
        errors = self._over_limits(prepared.measure) or self._validated(prepared)
        ec.pre_execution_errors = errors
        self._answer(errors)
        yield

    def _validated(self, prepared: Prepared) -> list[GraphQLError]:
        """The standard rules' errors: remembered for a document checked before in full."""
        rules = self.execution_context.validation_rules
        if prepared.rules == rules:
            return list(prepared.errors)
        if _Clock.now() > self.deadline:
            return [GraphQLError(_TOO_SLOW, extensions={"code": Code.QUERY_TOO_COMPLEX})]
        errors = self._validate(prepared.document, rules)
        if not any(isinstance(error, _OutOfTime) for error in errors):
            prepared.rules, prepared.errors = rules, errors
        return errors

    def _over_limits(self, measure: DocumentMeasure | None) -> list[GraphQLError]:
        limits = self.limits
        if measure is None:
            return [_refusal("This document nests too deeply.", Code.QUERY_TOO_DEEP)]
        refusals = [
            _refusal(f"'{name}' exceeds maximum operation depth of {limits.max_depth}", Code.QUERY_TOO_DEEP)
            for name, depth in measure.depths.items() if depth > limits.max_depth
        ]
        # Each spread of a fragment counts its fields and aliases again: that is what runs.
        if measure.fields > limits.max_fields:
            refusals.append(_refusal(
                f"This document expands to more than {limits.max_fields} fields, counting a fragment's"
                " fields at each of its spreads.", Code.QUERY_TOO_COMPLEX))
        if measure.aliases > limits.max_aliases:
            refusals.append(_refusal(
                f"More than {limits.max_aliases} aliases found, counting a fragment's aliases at each"
                " of its spreads.", Code.QUERY_TOO_COMPLEX))
        return refusals

    def _validate(self, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]) -> list[GraphQLError]:
        # Strawberry adds these two to the standard rules when it validates.
        everything = (*rules, MaybeNullValidationRule, OneOfInputValidationRule, _Deadline)
        token = _deadline.set(self.deadline)
        try:
            errors = validate(self.execution_context.schema._schema, document, everything,
                              hide_suggestions=self.limits.hide_suggestions)
        finally:
            _deadline.reset(token)
        for error in errors:
            if error.message == "Validation aborted.":  # graphql-core's metering ran out
                error.message = "This document is too complex to check; send a smaller one."
                _code(error, Code.QUERY_TOO_COMPLEX)
            else:
                _code(error, Code.GRAPHQL_VALIDATION_FAILED)
        return errors

    def _answer(self, errors: list[GraphQLError]) -> None:
        """A document refused for a limit is answered 400, as one refused for its cost is."""
        if any((error.extensions or {}).get("code") in REFUSED_WHOLE for error in errors):
            response = getattr(self.execution_context.context, "response", None)
            if isinstance(response, Response):
                response.status_code = 400


def _parse_refusal(message: str) -> Code:
    # graphql-core's words for its limits: a limit is not a syntax error.
    if " contains more than " in message:
        return Code.QUERY_TOO_LARGE
    return Code.QUERY_TOO_DEEP if " nested too deeply" in message else Code.GRAPHQL_PARSE_FAILED


def _refusal(message: str, code: Code) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def _code(error: GraphQLError, code: Code) -> None:
    if not (error.extensions or {}).get("code"):
        error.extensions = {**(error.extensions or {}), "code": code}


def _measure(document: DocumentNode) -> DocumentMeasure | None:
    try:
        return measure_document(document)
    except RecursionError:
        return None
