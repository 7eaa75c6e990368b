"""A document's selection as plain fields: fragments spread, @include/@skip applied, aliases kept."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLIncludeDirective,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSkipDirective,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
    Visitor,
    is_abstract_type,
    type_from_ast,
    visit,
)
from graphql.execution.collect_fields import FragmentDetails
from graphql.execution.values import VariableValues, get_argument_values
from strawberry.types.arguments import convert_arguments


class Unplannable(Exception):
    """The document asks for something the compiled path does not know: the resolvers answer."""


@dataclass(frozen=True)
class Field:
    key: str  # the response key: the alias if any
    name: str
    nodes: tuple[FieldNode, ...]  # one per occurrence; validation made them agree


@dataclass(frozen=True)
class Document:
    schema: GraphQLSchema
    fragments: dict[str, FragmentDetails]
    variables: VariableValues

    def fields(self, selection: Iterable[SelectionSetNode | None], type_name: str) -> list[Field]:
        """The fields selected on an object of `type_name`, in the order graphql-core answers them."""
        runtime = self.schema.get_type(type_name)
        assert isinstance(runtime, GraphQLObjectType)
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in selection:
            if selection_set is not None:
                self._collect(selection_set.selections, runtime, grouped)
        return [Field(key, nodes[0].name.value, tuple(nodes)) for key, nodes in grouped.items()]

    def children(self, field: Field, type_name: str) -> list[Field]:
        return self.fields((node.selection_set for node in field.nodes), type_name)

    def arguments(self, field: Field, parent: str) -> dict[str, Any]:
        """The field's arguments as graphql-core coerces them (GraphQL names, defaults filled)."""
        parent_type = self.schema.get_type(parent)
        assert isinstance(parent_type, GraphQLObjectType)
        return get_argument_values(parent_type.fields[field.name], field.nodes[0], self.variables)

    def resolver_arguments(self, field: Field, parent: str) -> dict[str, Any]:
        """The arguments as the field's resolver receives them: Python names, input types built."""
        strawberry_schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
        definition = strawberry_schema.get_field_for_type(field.name, parent)
        if definition is None:
            raise Unplannable(f"{parent}.{field.name} is not a field of ours")
        return convert_arguments(
            self.arguments(field, parent), definition.arguments,
            scalar_registry=strawberry_schema.schema_converter.scalar_registry, config=strawberry_schema.config,
        )

    def variable_of(self, field: Field, argument: str) -> str | None:
        """The variable the argument is given as (`reference: $reference`), if it is one."""
        for node in field.nodes[0].arguments or ():
            if node.name.value == argument and isinstance(node.value, VariableNode):
                return node.value.name.value
        return None

    def _collect(
        self, selections: Iterable[SelectionNode], runtime: GraphQLObjectType, grouped: dict[str, list[FieldNode]]
    ) -> None:
        for node in selections:
            if not self._included(node):
                continue
            if isinstance(node, FieldNode):
                grouped.setdefault(node.alias.value if node.alias else node.name.value, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                if self._matches(node, runtime):
                    self._collect(node.selection_set.selections, runtime, grouped)
            elif isinstance(node, FragmentSpreadNode):
                details = self.fragments[node.name.value]
                fragment = details.definition
                if fragment.directives or details.variable_signatures:
                    raise Unplannable("a fragment with directives or variables")
                if self._matches(fragment, runtime):
                    self._collect(fragment.selection_set.selections, runtime, grouped)

    def _included(self, node: FieldNode | FragmentSpreadNode | InlineFragmentNode | SelectionNode) -> bool:
        directives = getattr(node, "directives", None) or ()
        include = True
        for directive in directives:
            name = directive.name.value
            if name == GraphQLSkipDirective.name:
                include = include and not get_argument_values(GraphQLSkipDirective, directive, self.variables)["if"]
            elif name == GraphQLIncludeDirective.name:
                include = include and get_argument_values(GraphQLIncludeDirective, directive, self.variables)["if"]
            else:
                raise Unplannable(f"directive @{name}")
        return include

    def _matches(self, fragment: InlineFragmentNode | FragmentDefinitionNode, runtime: GraphQLObjectType) -> bool:
        if fragment.type_condition is None:
            return True
        condition = type_from_ast(self.schema, fragment.type_condition)
        if condition is runtime:
            return True
        return is_abstract_type(condition) and self.schema.is_sub_type(condition, runtime)


def variable_uses(operation: OperationDefinitionNode, fragments: dict[str, FragmentDetails]) -> Counter[str]:
    """How many times each variable is used (not defined) in the operation and the fragments."""
    counted: Counter[str] = Counter()

    class Count(Visitor):
        def enter_variable_definition(self, *_: object) -> object:
            return self.SKIP  # the definition `$reference: String!` is not a use

        def enter_variable(self, node: VariableNode, *_: object) -> None:
            counted[node.name.value] += 1

    for definition in (operation, *(details.definition for details in fragments.values())):
        visit(definition, Count())
    return counted
