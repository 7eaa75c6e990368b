"""How many root fields an operation runs, read from the document alone."""

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.utilities import get_operation_ast


def root_field_count(document: DocumentNode, operation_name: str | None) -> int:
    """Distinct response keys at the root of the operation that will run, through fragment
    spreads and inline fragments; 0 when no operation matches (execution says why).

    Fields with one response key are merged and run once, so `...A ...A` counts A's fields
    once and each fragment is read at most once: linear in the document's size. Fields under
    @skip/@include are counted as if they ran.
    """
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    keys: set[str] = set()
    seen: set[str] = set()
    pending: list[SelectionSetNode] = [operation.selection_set]
    while pending:
        for selection in pending.pop().selections:
            if isinstance(selection, FieldNode):
                if not selection.name.value.startswith("__"):
                    keys.add((selection.alias or selection.name).value)
            elif isinstance(selection, InlineFragmentNode):
                pending.append(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode) and selection.name.value not in seen:
                seen.add(selection.name.value)
                if (fragment := fragments.get(selection.name.value)) is not None:
                    pending.append(fragment.selection_set)
    return len(keys)
