"""Every root field of the schema as a document with one variable per argument, and
hypothesis strategies for those variables, read from the schema's own types."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)
from hypothesis import strategies as st

from cozum.schema import schema as cozum_schema
from tests.fuzz import strategies as hostile
from tests.fuzz.world import World

SCHEMA = cozum_schema._schema

# Which kind of object an ID argument or input field names, by its name.
ID_TYPES = {
    "ticketId": "Ticket", "targetId": "Ticket", "sourceIds": "Ticket", "duplicateOfId": "Ticket",
    "ticketIds": "Ticket", "categoryId": "Category", "categoryIds": "Category", "departmentId": "Department",
    "departmentIds": "Department", "assigneeId": "StaffUser", "assigneeIds": "StaffUser",
}
_ID_OF_SURFACE = {
    "revokeApiKey": "ApiKey", "updateStaffUser": "StaffUser", "resetStaffPassword": "StaffUser",
    "updateDepartment": "Department", "updateCategory": "Category",
}
DEPARTMENT_CODES = ["FEN", "ZABITA", "PARK", "TEMIZLIK", "fen", "", "NOPE"]


@dataclass(frozen=True)
class Surface:
    """One root field (or `Ticket.timeline`, reached through `node`) and its document."""

    name: str
    document: str
    arguments: tuple[tuple[str, GraphQLArgument], ...]
    mutation: bool


def _required(argument: GraphQLArgument) -> bool:
    return is_non_null_type(argument.type) and argument.default_value is Undefined


def selection(type_: GraphQLNamedType, depth: int) -> str:
    """Every field one can select without arguments, `depth` objects deep; no nested connections."""
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        return "{ __typename ... on Node { id } }" if isinstance(type_, GraphQLInterfaceType) else "{ __typename }"
    assert isinstance(type_, GraphQLObjectType)
    parts = []
    for name, field in type_.fields.items():
        if any(_required(a) for a in field.args.values()):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif depth > 0 and not named.name.endswith("Connection"):
            parts.append(f"{name} {selection(named, depth - 1)}")
    return "{ " + " ".join(parts or ["__typename"]) + " }"


def _root_surface(kind: str, name: str) -> Surface:
    root = SCHEMA.mutation_type if kind == "mutation" else SCHEMA.query_type
    assert root is not None
    field = root.fields[name]
    arguments = tuple(field.args.items())
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in arguments)
    passed = ", ".join(f"{a}: ${a}" for a, _ in arguments)
    named = get_named_type(field.type)
    depth = 3 if named.name.endswith("Connection") else 2
    document = (
        f"{kind} Fuzz{f'({declared})' if declared else ''} "
        f"{{ {name}{f'({passed})' if passed else ''} {selection(named, depth)} }}"
    )
    return Surface(name, document, arguments, kind == "mutation")


def _timeline_surface() -> Surface:
    ticket = SCHEMA.get_type("Ticket")
    assert isinstance(ticket, GraphQLObjectType)
    field = ticket.fields["timeline"]
    arguments = (("id", GraphQLArgument(GraphQLNonNull(SCHEMA.get_type("ID")))), *field.args.items())  # type: ignore[arg-type]
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in arguments)
    passed = ", ".join(f"{a}: ${a}" for a, _ in arguments[1:])
    document = (
        f"query Fuzz({declared}) {{ node(id: $id) {{ ... on Ticket {{ timeline({passed}) "
        f"{selection(get_named_type(field.type), 3)} }} }} }}"
    )
    return Surface("Ticket.timeline", document, arguments, False)


@cache
def surfaces() -> dict[str, Surface]:
    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    found = {name: _root_surface("query", name) for name in SCHEMA.query_type.fields}
    found |= {name: _root_surface("mutation", name) for name in SCHEMA.mutation_type.fields}
    found["Ticket.timeline"] = _timeline_surface()
    return found


class Inputs:
    """Strategies for a surface's variables: well typed (to reach the resolvers), or with
    wrong types, unknown keys and missing fields (to reach coercion)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def variables(self, surface: Surface) -> st.SearchStrategy[dict[str, Any]]:
        return st.one_of(self._arguments(surface, False), self._arguments(surface, True))

    def _arguments(self, surface: Surface, wrong: bool) -> st.SearchStrategy[dict[str, Any]]:
        required = {a: self.value(arg.type, a, surface.name, wrong) for a, arg in surface.arguments if _required(arg)}
        optional = {a: self.value(arg.type, a, surface.name, wrong) for a, arg in surface.arguments if not _required(arg)}
        return st.fixed_dictionaries(required, optional=optional)

    def value(self, type_: GraphQLInputType, name: str, surface: str, wrong: bool) -> st.SearchStrategy[Any]:
        right = self._typed(type_, name, surface, wrong)
        return st.one_of(right, hostile.json_values) if wrong else right

    def _typed(self, type_: GraphQLInputType, name: str, surface: str, wrong: bool) -> st.SearchStrategy[Any]:
        if isinstance(type_, GraphQLNonNull):
            return self._typed(type_.of_type, name, surface, wrong)
        if isinstance(type_, GraphQLList):
            inner = self.value(type_.of_type, name, surface, wrong)
            short = st.lists(inner, max_size=4)
            return st.one_of(short, short, short, hostile.repeated(inner))
        if isinstance(type_, GraphQLInputObjectType):
            return self._input_object(type_, surface, wrong)
        if isinstance(type_, GraphQLEnumType):
            return st.sampled_from(sorted(type_.values))
        assert isinstance(type_, GraphQLScalarType)
        return self._scalar(type_.name, name, surface)

    def _input_object(self, type_: GraphQLInputObjectType, surface: str, wrong: bool) -> st.SearchStrategy[Any]:
        fields = type_.fields.items()
        required = {n: self.value(f.type, n, surface, wrong) for n, f in fields if is_non_null_type(f.type)
                    and f.default_value is Undefined}
        optional = {n: self.value(f.type, n, surface, wrong) for n, f in fields if n not in required}
        base = st.fixed_dictionaries(required, optional=optional)
        if not wrong:
            return base
        unknown = st.dictionaries(hostile.texts, hostile.json_values, max_size=2)
        dropped = st.sets(st.sampled_from(sorted(required)), max_size=1) if required else st.just(set())
        return st.builds(lambda v, extra, drop: {k: x for k, x in {**v, **extra}.items() if k not in drop},
                         base, unknown, dropped)

    def _scalar(self, scalar: str, name: str, surface: str) -> st.SearchStrategy[Any]:
        builders: dict[str, Callable[[str, str], st.SearchStrategy[Any]]] = {
            "ID": self._id, "String": self._string, "Int": self._int,
        }
        if scalar in builders:
            return builders[scalar](name, surface)
        return {
            "Float": hostile.floats, "Boolean": st.booleans(), "DateTime": hostile.datetimes,
        }.get(scalar, hostile.json_values)

    def _id(self, name: str, surface: str) -> st.SearchStrategy[str]:
        kind = ID_TYPES.get(name) or _ID_OF_SURFACE.get(surface)
        known = self.world.ids.get(kind, []) if kind else []
        everything = self.world.all_ids()
        choices = [st.sampled_from(known)] if known else []
        return st.one_of(*choices, st.sampled_from(everything), hostile.forged_ids)

    def _string(self, name: str, surface: str) -> st.SearchStrategy[str]:
        world = self.world
        named = {
            "after": st.one_of(st.sampled_from(world.cursors), hostile.forged_cursors),
            "before": st.one_of(st.sampled_from(world.cursors), hostile.forged_cursors),
            "reference": st.one_of(st.sampled_from([r for r, _ in world.tracking]), hostile.texts),
            "secret": st.one_of(st.sampled_from([s for _, s in world.tracking]), hostile.texts),
            "email": st.one_of(st.sampled_from(world.emails), hostile.emails),
            "phone": hostile.phones,
            "password": st.one_of(st.just(world.password), st.text(min_size=8, max_size=20), hostile.texts),
            "departmentCode": st.one_of(st.sampled_from(DEPARTMENT_CODES), hostile.texts),
        }
        if name in named:
            return named[name]
        if name in ("description", "body", "reason", "note", "title", "text"):
            return hostile.descriptions
        if name in ("name", "institution", "address", "neighbourhood", "channelReference", "idempotencyKey"):
            return st.one_of(hostile.boundary_lengths, hostile.texts)
        return hostile.texts

    def _int(self, name: str, surface: str) -> st.SearchStrategy[int]:
        if name in ("first", "last"):
            return st.one_of(st.integers(-2, 102), hostile.ints)
        if name == "expectedVersion":
            return st.one_of(st.integers(0, 6), hostile.ints)
        return hostile.ints
