"""Parsed and validated documents kept for reuse, bounded by the memory they hold.

A count alone does not bound memory: a parsed document keeps its whole text and a few
hundred bytes per token, so 1,024 documents of 2,000 tokens each hold over a gigabyte.
Each entry is weighed when stored; the least recently used go once the budget is spent,
and a document heavier than a small share of the budget is not kept at all.
"""

import sys
from collections import OrderedDict
from dataclasses import dataclass, field

from graphql import ASTValidationRule, DocumentNode, GraphQLError

from cozum.kit.documents import DocumentMeasure

# Measured on graphql-core 3.3: 250–650 bytes per token (token, AST node, location), and
# string values copied out of the text: twice the text and 700 bytes a token is an upper bound.
BYTES_PER_TOKEN = 700


@dataclass
class Prepared:
    """One document's parse, measure and (once run) validation."""

    document: DocumentNode
    measure: DocumentMeasure | None  # None: deeper than could be measured
    rules: tuple[type[ASTValidationRule], ...] | None = None
    errors: list[GraphQLError] = field(default_factory=list)
    # What later checks learnt from the document alone (see gatekeeper.py), found once.
    facts: dict[str, object] = field(default_factory=dict)


def release_tokens(document: DocumentNode) -> int:
    """Unlinks each token from the one before it and counts them.

    The parser links tokens both ways, so every parsed document is a reference cycle that
    only the garbage collector frees, holding its text (a megabyte-long comment is one
    token) until a collection reaches it. Once parsed, nothing walks the tokens backwards.
    """
    tokens = 0
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        tokens += 1
        token.prev = None
        token = token.next
    return tokens


class DocumentCache:
    def __init__(self, budget_bytes: int, largest_share: int = 32) -> None:
        self.budget = budget_bytes
        self.largest = budget_bytes // largest_share
        self.used = 0
        self._entries: OrderedDict[str, tuple[Prepared, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, query: str) -> Prepared | None:
        found = self._entries.get(query)
        if found is None:
            return None
        self._entries.move_to_end(query)
        return found[0]

    def peek(self, query: str) -> Prepared | None:
        """The entry if there is one, without counting it as a use."""
        found = self._entries.get(query)
        return None if found is None else found[0]

    def put(self, query: str, prepared: Prepared, tokens: int) -> None:
        size = 2 * sys.getsizeof(query) + BYTES_PER_TOKEN * tokens
        if size > self.largest or query in self._entries:
            return
        self._entries[query] = (prepared, size)
        self.used += size
        while self.used > self.budget:
            _, (_, evicted) = self._entries.popitem(last=False)
            self.used -= evicted
