"""Dependencies point one way (architecture.md): core ← accounts ← programs ← proposals ←
reviews ← reporting, and notifications depends only on core and accounts. A lower app that
imports a higher one fails here, before it becomes a cycle."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "cfli.core": 0,
    "accounts": 1,
    "cfli.notifications": 1,
    "cfli.programs": 2,
    "cfli.proposals": 3,
    "reviews": 4,
    "cfli.reporting": 5,
}
# What notifications may import, besides itself: it sits beside the chain, not in it.
NOTIFICATIONS_MAY_IMPORT = {"cfli.core", "accounts"}


def package_of(module: str) -> str | None:
    return next((name for name in LAYERS if module == name or module.startswith(name + ".")), None)


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources():
    for package in LAYERS:
        folder = ROOT / package.replace(".", "/")
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts:
                yield package, path


@pytest.mark.parametrize(("package", "path"), list(sources()), ids=lambda value: str(value))
def test_no_app_imports_an_app_above_it(package, path):
    above = set()
    for module in imports_of(path):
        target = package_of(module)
        if target is None or target == package:
            continue
        if package == "cfli.notifications":
            allowed = target in NOTIFICATIONS_MAY_IMPORT
        elif target == "cfli.notifications":
            allowed = True  # every app may call it
        else:
            allowed = LAYERS[target] <= LAYERS[package]
        if not allowed:
            above.add(module)
    assert above == set(), f"{path.relative_to(ROOT)} imports {sorted(above)}"
