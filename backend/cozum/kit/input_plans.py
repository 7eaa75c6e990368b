"""Input objects built from a plan worked out once per type, not field by field on each request.

Strawberry converts an argument's input object anew on every request: for each field it
resolves the type annotation, works out the field's GraphQL name and walks a chain of type
checks, though graphql-core has already coerced every value (scalars parsed, enum values as
their members). A submission's input of eleven fields cost ~60 µs there, more under load.
What is left to do is to build the dataclasses: the plan knows, for each field, its name in
the document and in Python and whether its value is taken as it is.

Installed through `from_input`, the hook Strawberry gives types that build their own value.
Fields whose type the plan does not take as it is (nested inputs, lists of them, anything
unusual) are converted by Strawberry itself, so the result is always what Strawberry builds
(tests/core/test_input_plans.py compares the two for every input of the schema).
"""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import strawberry
from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryObjectDefinition,
    StrawberryOptional,
    StrawberryType,
)
from strawberry.types.enum import StrawberryEnumDefinition, has_enum_definition
from strawberry.types.unset import UNSET

Convert = Callable[[Any], Any] | None  # None: Strawberry converts the value


@dataclasses.dataclass(frozen=True)
class _Field:
    graphql_name: str
    python_name: str
    type_: StrawberryType | type
    convert: Convert


@dataclasses.dataclass(frozen=True)
class _Plan:
    fields: tuple[_Field, ...]
    implicit_none: tuple[str, ...]  # fields without a default: None unless given


_plans: dict[type, _Plan] = {}


def _is_leaf(type_: object, registry: Mapping[object, Any]) -> bool:
    if type_ is GlobalID or isinstance(type_, StrawberryMaybe):
        return False  # decoded or wrapped by Strawberry
    return is_scalar(type_, registry) or isinstance(type_, StrawberryEnumDefinition) or has_enum_definition(type_)


def _copied_list(value: Any) -> Any:
    # graphql-core hands every request that omits a list the same default: a copy keeps one
    # request's changes out of the next one's input, as Strawberry's conversion does.
    return value if value is None or value is UNSET else list(value)


def _unwrapped(type_: Any) -> Any:
    """The type inside an Optional; a Maybe stays as it is (Strawberry wraps its value in Some)."""
    if isinstance(type_, StrawberryOptional) and not isinstance(type_, StrawberryMaybe):
        return type_.of_type
    return type_


def _as_is(value: Any) -> Any:
    return value


def _converter(type_: StrawberryType | type, registry: Mapping[object, Any]) -> Convert:
    inner = _unwrapped(type_)
    if _is_leaf(inner, registry):
        return _as_is
    if isinstance(inner, StrawberryList) and _is_leaf(_unwrapped(inner.of_type), registry):
        return _copied_list
    return None


def _plan_of(cls: type, context: InputContext) -> _Plan:
    definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    fields = []
    for field in definition.fields:
        type_ = field.resolve_type(type_definition=definition)
        name = context.config.name_converter.from_field(field)
        fields.append(_Field(name, field.python_name, type_, _converter(type_, context.scalar_registry)))
    implicit_none = tuple(
        f.python_name for f in definition.fields
        if f.default_value is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
    return _Plan(tuple(fields), implicit_none)


def build_input(cls: type, value: Mapping[str, Any], context: InputContext) -> Any:
    """`cls` from its input value, as Strawberry's conversion would build it."""
    plan = _plans.get(cls)
    if plan is None:
        plan = _plans[cls] = _plan_of(cls, context)
    kwargs: dict[str, Any] = dict.fromkeys(plan.implicit_none)
    for field in plan.fields:
        if field.graphql_name in value:
            given = value[field.graphql_name]
            if field.convert is not None:
                kwargs[field.python_name] = field.convert(given)
            else:
                kwargs[field.python_name] = context.convert(given, field.type_, field.graphql_name)
    return cls(**kwargs)


def install(schema: strawberry.Schema) -> None:
    """Every input object of `schema` without a builder of its own is built by its plan."""
    for concrete in schema.schema_converter.type_map.values():
        definition = concrete.definition
        if isinstance(definition, StrawberryObjectDefinition) and definition.is_input and definition.from_input is None:
            definition.from_input = build_input
