"""Every input object of the schema is built by its plan (cozum/kit/input_plans.py) exactly as
Strawberry's own conversion builds it: with every field given, with only the required ones, and
with every nullable one an explicit null."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import strawberry
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    Undefined,
    coerce_input_value,
)
from starlette.datastructures import UploadFile
from strawberry.types.arguments import InputContext, convert_argument
from strawberry.types.base import StrawberryObjectDefinition

from cozum.kit import input_plans
from cozum.kit.input_plans import build_input
from cozum.schema import schema

GRAPHQL = schema._schema
INPUTS = sorted(name for name, t in GRAPHQL.type_map.items() if isinstance(t, GraphQLInputObjectType))
SCALARS = {"String": "Çözüm", "ID": "VGlja2V0OjQy", "Int": 7, "Float": 41.5, "Boolean": True,
           "DateTime": "2026-12-07T10:00:00+03:00"}


def _value(type_: GraphQLInputType, shape: str, depth: int = 0) -> Any:
    """An input object's value in the document's form: `full` gives every field, `required`
    only the required ones, `nulls` every nullable field an explicit null."""
    if isinstance(type_, GraphQLNonNull):
        return _value(type_.of_type, shape, depth)
    if isinstance(type_, GraphQLList):
        return [_value(type_.of_type, shape, depth)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        value = {}
        for name, field in type_.fields.items():
            required = isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
            if required or (shape == "full" and depth < 3):
                value[name] = _value(field.type, "full" if shape == "nulls" else shape, depth + 1)
            elif shape == "nulls" and not isinstance(field.type, GraphQLNonNull):
                value[name] = None
        return value
    assert isinstance(type_, GraphQLScalarType)
    # What the multipart view puts where an Upload goes.
    return UploadFile(io.BytesIO(b"photo"), filename="photo.jpg") if type_.name == "Upload" else SCALARS[type_.name]


def _cls(name: str) -> type:
    definition = schema.schema_converter.type_map[name].definition
    assert isinstance(definition, StrawberryObjectDefinition)
    return definition.origin


@contextmanager
def strawberry_alone() -> Iterator[None]:
    """Strawberry's conversion, with no plan installed on any input."""
    definitions = [concrete.definition for concrete in schema.schema_converter.type_map.values()]
    planned = [d for d in definitions if isinstance(d, StrawberryObjectDefinition) and d.from_input is build_input]
    for definition in planned:
        definition.from_input = None
    try:
        yield
    finally:
        for definition in planned:
            definition.from_input = build_input


def _convert(name: str, value: Any) -> Any:
    registry, config = schema.schema_converter.scalar_registry, schema.config
    return convert_argument(value, _cls(name), registry, config)


def test_every_input_of_the_schema_has_its_plan() -> None:
    for name in INPUTS:
        definition = schema.schema_converter.type_map[name].definition
        assert definition.from_input is build_input, name  # type: ignore[union-attr]


@pytest.mark.parametrize("shape", ["full", "required", "nulls"])
@pytest.mark.parametrize("name", INPUTS)
def test_a_plan_builds_what_strawberry_builds(name: str, shape: str) -> None:
    graphql_type = GRAPHQL.type_map[name]
    assert isinstance(graphql_type, GraphQLInputObjectType)
    # As the executor hands it over: coerced by graphql-core (enums to members, defaults filled in).
    given = _value(graphql_type, shape)
    coerced = coerce_input_value(given, graphql_type)
    assert isinstance(coerced, dict), f"the sample of {name} is not a valid input"
    planned = _convert(name, coerced)
    with strawberry_alone():
        expected = _convert(name, coerced)
    assert type(planned) is type(expected)
    assert repr(planned) == repr(expected)
    assert planned == expected


def test_a_list_is_copied_so_a_request_cannot_change_the_next_ones_default() -> None:
    statuses = coerce_input_value({"status": ["NEW"]}, GRAPHQL.type_map["TicketFilter"])  # type: ignore[arg-type]
    built = _convert("TicketFilter", statuses)
    assert built.status == statuses["status"]
    assert built.status is not statuses["status"]


def test_the_plans_are_strawberry_s_only_where_they_differ() -> None:
    # A nested input (a ticket's location) is converted through Strawberry, whose conversion
    # of it comes back to that input's own plan.
    plan = input_plans._plans.get(_cls("SubmitRequestInput"))
    if plan is None:
        _convert("SubmitRequestInput", coerce_input_value(
            _value(GRAPHQL.type_map["SubmitRequestInput"], "required"),  # type: ignore[arg-type]
            GRAPHQL.type_map["SubmitRequestInput"],  # type: ignore[arg-type]
        ))
        plan = input_plans._plans[_cls("SubmitRequestInput")]
    by_name = {field.graphql_name: field for field in plan.fields}
    assert by_name["description"].convert is input_plans._as_is
    assert by_name["requestType"].convert is input_plans._as_is
    assert by_name["location"].convert is None
    assert by_name["attachments"].convert is input_plans._copied_list


@strawberry.input
class Unadorned:
    note: str | None  # nullable, without a default: Strawberry makes it None when omitted


def test_a_nullable_field_without_a_default_is_none_when_omitted() -> None:
    context = InputContext(info=None, config=schema.config, scalar_registry=schema.schema_converter.scalar_registry,
                           path=())
    assert build_input(Unadorned, {}, context) == Unadorned(note=None)
    assert build_input(Unadorned, {"note": "x"}, context) == Unadorned(note="x")
