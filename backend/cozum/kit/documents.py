"""What a GraphQL document expands to, measured in one pass over its tree.

A fragment spread twice in each of forty fragments expands to 2^40 fields, yet its text is
a few hundred tokens: each fragment is measured once and its measure reused at every
spread, so measuring costs what the text does however far it expands. Depth and aliases
are counted as Strawberry's depth and alias limiters count them.
"""

from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True)
class Measure:
    """Of one selection set with every spread expanded.

    `depth`: how many fields with selections nest below it; introspection fields
    (`__schema`, `__type`) are not descended into. `aliases` and `fields`: how many
    aliased fields and how many fields the expansion holds.
    """

    depth: int = 0
    aliases: int = 0
    fields: int = 0


@dataclass(frozen=True)
class DocumentMeasure:
    depths: dict[str, int]  # operation name ("anonymous" when it has none) -> depth
    aliases: int  # over every operation
    fields: int


_NOTHING = Measure()


class _Measuring:
    def __init__(self, document: DocumentNode) -> None:
        self.fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
        self.measured: dict[str, Measure] = {}
        self.open: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None) -> Measure:
        depth = aliases = fields = 0
        for selection in node.selections if node is not None else ():
            if isinstance(selection, FieldNode):
                inner = self.selection_set(selection.selection_set)
                fields += 1 + inner.fields
                aliases += (selection.alias is not None) + inner.aliases
                if selection.selection_set is not None and not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
                continue
            if isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                inner = self.fragment(selection.name.value)
            else:
                continue
            depth, aliases, fields = max(depth, inner.depth), aliases + inner.aliases, fields + inner.fields
        return Measure(depth, aliases, fields)

    def fragment(self, name: str) -> Measure:
        known = self.measured.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        if definition is None or name in self.open:
            # Unknown, or spread inside itself: validation reports both; here the walk ends.
            return _NOTHING
        self.open.add(name)
        measure = self.measured[name] = self.selection_set(definition.selection_set)
        self.open.discard(name)
        return measure


def measure_document(document: DocumentNode) -> DocumentMeasure:
    """Raises RecursionError for nesting deeper than the interpreter can follow."""
    measuring = _Measuring(document)
    depths: dict[str, int] = {}
    aliases = fields = 0
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            measure = measuring.selection_set(definition.selection_set)
            name = definition.name.value if definition.name else "anonymous"
            depths[name] = max(depths.get(name, 0), measure.depth)
            aliases += measure.aliases
            fields += measure.fields
    return DocumentMeasure(depths, aliases, fields)
