"""What a GraphQL document may cost, computed from its text before anything runs.

In the spirit of GitHub's and Shopify's limits: an object costs 1, a connection 2 plus its
page size times what each of its items costs, so nested pages multiply.
"""

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
)

from cozum.kit.pagination import DEFAULT_PAGE, MAX_PAGE


class _Costing:
    """Prices each (fragment, type) once and reuses the price at every spread: a fragment
    spread twice in each of forty fragments is priced in forty steps, not 2^40."""

    def __init__(self, schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.schema = schema
        self.variables = variables
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.priced: dict[tuple[str, str], int] = {}
        self.open: set[tuple[str, str]] = set()

    def selection_set(self, node: SelectionSetNode | None, parent: GraphQLNamedType) -> int:
        if node is None:
            return 0
        total = 0
        for selection in node.selections:
            if isinstance(selection, FieldNode):
                total += self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selection_set(selection.selection_set, target or parent)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, parent)
        return total

    def fragment(self, name: str, parent: GraphQLNamedType) -> int:
        fragment = self.fragments.get(name)
        if fragment is None:
            return 0
        target = self.schema.get_type(fragment.type_condition.name.value) or parent
        key = (name, target.name)
        price = self.priced.get(key)
        if price is not None:
            return price
        if key in self.open:  # a fragment inside itself: validation refuses the document
            return 0
        self.open.add(key)
        price = self.priced[key] = self.selection_set(fragment.selection_set, target)
        self.open.discard(key)
        return price

    def field(self, node: FieldNode, parent: GraphQLNamedType) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 1 if name in ("__schema", "__type") else 0
        fields = getattr(parent, "fields", None)
        definition = fields.get(name) if fields else None
        if definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        children = self.selection_set(node.selection_set, named)
        if named.name.endswith("Connection"):
            return 2 + self.page_size(node, definition) * children
        if "first" in definition.args and is_list_type(get_nullable_type(definition.type)):
            # A plain list cut by `first` (a ticket's other requests) costs what a page would.
            return 1 + self.page_size(node, definition) * children
        return 1 + children

    def page_size(self, node: FieldNode, definition: Any) -> int:
        """The larger of `first` and `last`: a connection given both is refused when it runs,
        but pricing only one would let the other through unpaid."""
        sizes = [self.argument(argument.value) for argument in node.arguments or ()
                 if argument.name.value in ("first", "last")]
        given = [_clamped(size) for size in sizes if size is not None]
        if given:
            return max(given)
        default = definition.args.get("first")
        if default is not None and isinstance(default.default_value, int):
            return _clamped(default.default_value)
        return DEFAULT_PAGE

    def argument(self, value: ValueNode) -> object:
        """An argument's value as the resolver will see it; None when it is left out."""
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, IntValueNode):
            return int(value.value)
        return None if isinstance(value, NullValueNode) else value


def _clamped(size: object) -> int:
    # A negative or non-int size is refused when the field runs, but its siblings may still
    # run: priced at the largest page, it cannot lower what the document costs.
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        return MAX_PAGE
    return min(size, MAX_PAGE)


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name is not None and o.name.value == operation_name), None)


def document_cost(
    schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None, operation_name: str | None
) -> int:
    """The cost of the operation that will run (0 if none can: execution will say why)."""
    operation = _operation(document, operation_name)
    root = schema.get_root_type(operation.operation) if operation else None
    if operation is None or root is None:
        return 0
    # Variables the client left out take the defaults this operation declares.
    defaults = {
        v.variable.name.value: int(v.default_value.value)
        for v in operation.variable_definitions or ()
        if isinstance(v.default_value, IntValueNode)
    }
    costing = _Costing(schema, document, defaults | (variables or {}))
    return costing.selection_set(operation.selection_set, root)
