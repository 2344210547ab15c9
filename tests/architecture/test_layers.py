"""Imports run one way: the layers docs/architecture.md draws, checked on the source.

A package may import only the packages listed for it; the test site farm and the
test support code are never imported by the product.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ALLOWED: dict[str, set[str]] = {
    "families": set(),  # pure data: one module per CMS family
    "provnews": set(),  # the settings object every layer reads
    "cleaning": {"families", "provnews"},
    "warehouse": {"cleaning", "families", "provnews"},
    "spiders": {"cleaning", "families", "provnews"},
    "flows": {"cleaning", "families", "provnews", "spiders", "warehouse"},
    # The farm reads the registry's YAML itself so that it tests the product from outside.
    "sitefarm": set(),
}
KNOWN = set(ALLOWED) | {"tests", "bench"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out & KNOWN


@pytest.mark.parametrize("package", list(ALLOWED))
def test_package_imports_only_the_layers_below(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for target in _imports(path) - {package} - ALLOWED[package]:
            wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert not wrong, "\n".join(wrong)
