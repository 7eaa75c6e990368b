"""kit/ holds what any domain may use and knows none of them: no module in it imports
another part of cozum, not even for type checking, so a domain can never import itself
round through kit/."""

import ast
from pathlib import Path

import cozum.kit

KIT = Path(cozum.kit.__file__).parent


def _imported(tree: ast.Module) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "kit/ imports absolutely"  # a relative import could reach out
            names.append(node.module or "")
    return names


def test_kit_imports_nothing_of_the_domains() -> None:
    outside = {
        f"{path.name}: {name}"
        for path in sorted(KIT.rglob("*.py"))
        for name in _imported(ast.parse(path.read_text(), str(path)))
        if (name == "cozum" or name.startswith("cozum.")) and not (name == "cozum.kit" or name.startswith("cozum.kit."))
    }
    assert outside == set()


def test_the_walk_sees_imports_inside_blocks() -> None:
    # TYPE_CHECKING blocks and function bodies count too: the check must not pass by missing them.
    tree = ast.parse("if TYPE_CHECKING:\n    from cozum.context import Context\ndef f():\n    import cozum.auth\n")
    assert _imported(tree) == ["cozum.context", "cozum.auth"]
