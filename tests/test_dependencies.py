"""The layout (docs/decisions/0009): every Django app of the project is a top-level package,
and `cfli/` holds only the project. Dependencies point one way (architecture.md): core ←
accounts ← programs ← proposals ← reviews ← agreements ← monitoring ← reporting ← seeding, and
notifications depends only on core and accounts. A lower app that imports a higher one fails
here, before it becomes a cycle; so does a views module that imports another app's views."""

import ast
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {
    "core": 0,
    "accounts": 1,
    "notifications": 1,
    "programs": 2,
    "proposals": 3,
    "reviews": 4,
    "agreements": 5,
    "monitoring": 6,
    "reporting": 7,
    "seeding": 8,
}
# What notifications may import, besides itself: it sits beside the chain, not in it.
NOTIFICATIONS_MAY_IMPORT = {"core", "accounts"}


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
        if package == "notifications":
            allowed = target in NOTIFICATIONS_MAY_IMPORT
        elif target == "notifications":
            allowed = True  # every app may call it
        else:
            allowed = LAYERS[target] <= LAYERS[package]
        if not allowed:
            above.add(module)
    assert above == set(), f"{path.relative_to(ROOT)} imports {sorted(above)}"


def test_every_app_of_the_project_is_a_top_level_package_with_a_layer():
    ours = [config for config in apps.get_app_configs() if Path(config.path).is_relative_to(ROOT)]
    ours = [config for config in ours if ".venv" not in Path(config.path).parts]

    assert sorted(config.name for config in ours) == sorted(LAYERS)
    for config in ours:
        assert Path(config.path).parent == ROOT, config.name
        assert config.label == config.name  # labels, and so migrations, never depend on the path


def test_the_project_package_holds_no_app():
    """Settings, URLs, Celery, WSGI/ASGI and the admin's wiring; no models, no app package."""
    project = ROOT / "cfli"
    assert list(project.rglob("models.py")) == []
    assert sorted(path.name for path in project.iterdir() if path.is_dir()) in (
        ["settings"],
        ["__pycache__", "settings"],
    )


def is_views_module(module: str) -> bool:
    """`app.views`, `app.views_print`, or anything inside a `views` package of an app."""
    return any(part.startswith("views") for part in module.split(".")[1:])


def views_imports_of(path: Path, package: str) -> set[str]:
    """Views modules of other apps that the file imports, in any spelling: `import a.views`,
    `from a.views_print import x`, `from a import views`."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = (
                [node.module]
                if is_views_module(node.module)
                else [f"{node.module}.{alias.name}" for alias in node.names]
            )
        else:
            continue  # a relative import stays inside its own app
        found.update(
            module
            for module in modules
            if package_of(module) not in (None, package) and is_views_module(module)
        )
    return found


def test_no_views_module_imports_another_apps_views():
    """What two apps' pages share (access gates, print models, helpers) lives in a module that
    is not a view, so one app's pages never depend on another app's view classes."""
    found = set()
    for package, path in sources():
        relative = path.relative_to(ROOT)
        if is_views_module(".".join(relative.with_suffix("").parts)):
            found.update(
                (relative.as_posix(), module) for module in views_imports_of(path, package)
            )

    assert found == set()
