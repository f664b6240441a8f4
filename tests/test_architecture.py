"""The apps import one another only along ARCHITECTURE.md's allowed arrows.

`ALLOWED` is the "Apps and what each owns" table of
`shared/design/ARCHITECTURE.md` (plus `demo/`, the top-level demo generator,
which may use the dossiers only, and `archive_site`'s management commands,
which may also run the demo generator: the site never imports it at run
time). A module obeys the row of the longest folder that holds it. Every
module of every app is parsed with
`ast`; imports at module level and inside functions both count, so a lazy
import cannot hide a forbidden arrow. `bench/` and `tests/` are exempt.
Within and across the apps, no two modules import each other at run time
(imports under `if TYPE_CHECKING:` do not run, so they do not count).
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SITE = {"dossiers", "preservation", "access_control", "search"}
# folder -> the top-level packages of ours it may import (its own always allowed)
ALLOWED = {
    "dossiers": set(),
    "preservation": {"dossiers"},
    "access_control": {"dossiers", "preservation"},
    "search": {"dossiers", "access_control"},
    "archive_site": SITE,
    "archive_site/management/commands": SITE | {"demo"},
    "settings": set(),
    "demo": {"dossiers"},
}
OURS = {folder.split("/")[0] for folder in ALLOWED}


def _row(path: Path, root: Path) -> str:
    """The longest folder of `ALLOWED` that holds `path`."""
    parts = path.relative_to(root).parts
    folders = ["/".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return next(folder for folder in folders if folder in ALLOWED)


def _imported_modules(tree: ast.AST, package: str):
    """(line, dotted module name) of every import in `tree`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: stays inside the importing package
                yield node.lineno, package
            else:
                yield node.lineno, node.module or ""


def forbidden_imports(root: Path = ROOT) -> list[str]:
    """`file:line → app` for each import an app may not make."""
    found = []
    for app in sorted(OURS):
        for path in sorted((root / app).rglob("*.py")):
            allowed = ALLOWED[_row(path, root)]
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for line, module in _imported_modules(tree, app):
                target = module.split(".")[0]
                if target in OURS and target != app and target not in allowed:
                    found.append(f"{path.relative_to(root)}:{line} → {target}")
    return found


def test_apps_import_only_what_architecture_allows():
    assert forbidden_imports() == []


def test_a_forbidden_import_is_named_with_file_and_line(tmp_path):
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "dossiers" / "ok.py").write_text("from . import models\n")
    (tmp_path / "dossiers" / "bad.py").write_text(
        "import os\n\n\ndef f():\n    from preservation.tasks import x\n"
    )
    assert forbidden_imports(tmp_path) == ["dossiers/bad.py:5 → preservation"]


def _runtime_imports(tree: ast.AST):
    """Dotted names imported at run time (not under `if TYPE_CHECKING:`)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def mutual_imports(root: Path = ROOT) -> list[str]:
    """`a ↔ b` for each two modules of ours that import each other."""
    paths = {}
    for app in sorted(OURS):
        for path in (root / app).rglob("*.py"):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            paths[name.removesuffix(".__init__")] = path
    edges = {
        name: set(_runtime_imports(ast.parse(path.read_text(encoding="utf-8"))))
        & set(paths)
        for name, path in paths.items()
    }
    return sorted(
        f"{a} ↔ {b}" for a in edges for b in edges[a] if a < b and a in edges[b]
    )


def test_no_two_modules_import_each_other():
    assert mutual_imports() == []
