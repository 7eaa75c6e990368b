"""Small documents that expand, or cost to check, far beyond their size."""


def fragment_bomb(levels: int = 40, spreads: int = 2, leaf: str = "__typename") -> str:
    """Each fragment spreads the next `spreads` times: spreads^levels copies of `leaf`."""
    fragments = [
        f"fragment F{i} on Query {{ " + " ".join([f"...F{i + 1}"] * spreads) + " }" for i in range(levels)
    ]
    return "{ ...F0 } " + " ".join(fragments) + f" fragment F{levels} on Query {{ {leaf} }}"


def same_name_fields(count: int, field: str = "departments { totalCount }") -> str:
    """Fields sharing one response name: checking that they merge compares them pairwise."""
    return "{ " + " ".join([field] * count) + " }"


def overlapping_fragments(fragments: int = 40, fields: int = 40) -> str:
    """Fragments full of one field, all spread side by side."""
    body = " ".join(["__typename"] * fields)
    definitions = " ".join(f"fragment O{i} on Query {{ {body} }}" for i in range(fragments))
    return "{ " + " ".join(f"...O{i}" for i in range(fragments)) + " } " + definitions


def same_alias(count: int = 600) -> str:
    return "{ " + " ".join(["a: __typename"] * count) + " }"


HOSTILE = {
    "fragment bomb, 2 spreads": fragment_bomb(40, 2),
    "fragment bomb, 3 spreads": fragment_bomb(40, 3),
    "fragment bomb, 4 spreads": fragment_bomb(40, 4),
    "fragment bomb, 5 spreads": fragment_bomb(40, 5),
    "fragment bomb of connections": fragment_bomb(40, 2, "departments { totalCount }"),
    "400 same-name fields": same_name_fields(400),
    "1,990 __typename": same_name_fields(1990, "__typename"),
    "fragments of overlapping fields": overlapping_fragments(),
    "600 identical aliases": same_alias(),
}
