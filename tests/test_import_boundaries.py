"""Dependencies point one way (the developers' guide): only kiosk/gui imports
PySide6, and each package imports only the project packages below it."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "kiosk"


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(n.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"} for n in names):
            lines.append(node.lineno)
    return lines


def test_only_gui_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "gui":
            continue
        offenders += [f"{rel}:{n}" for n in qt_imports(path)]
    assert not offenders, f"Qt imported outside kiosk/gui: {offenders}"


def test_the_check_itself_sees_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom PySide6.QtCore import QTimer\ndef f():\n import PySide6\n")
    assert qt_imports(sample) == [2, 4]


#: What each package may import of the project (besides itself). Packages not listed
#: (gui, demo, the top-level cli/selfcheck/settings) may import anything but Qt rules
#: above. A package's ``commands.py`` (or ``*_commands.py``) is the command line's edge
#: (argument parsing and printing, like the GUI an outer layer), so it is checked as
#: ``cli``, not as its package.
ALLOWED: dict[str, set[str]] = {
    "core": {"errors"},
    "tickets": {"core", "errors"},
    "scanner": {"core", "errors"},
    # private_files: a leaf (os/stat only) that makes database files owner-only; backup:
    # a leaf (sqlite3 + errors) making online copies of any SQLite file (replica, central).
    "replica": {"core", "tickets", "errors", "private_files", "backup"},
    "sync": {"replica", "core", "errors"},
    # A kiosk paired with pretix (issue 16): pretix's device API behind the sync engine's
    # interface (it reuses sync's result types and the replica's feed-applying code).
    "pretix": {"sync", "replica", "core", "errors"},
    # The central list must not import kiosk.replica (nor sync): it shares only core's
    # rules and shapes with the kiosk (and draws QR images with tickets).
    "central": {"core", "tickets", "errors", "private_files"},
    "verdict_messages": {"core"},
}


def project_imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level package under kiosk) of every ``kiosk.*`` import in ``path``,
    including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            if node.module == "kiosk":  # modules only (kiosk.__version__ is no layer)
                names = [f"kiosk.{alias.name}" for alias in node.names
                         if (PACKAGE / alias.name).is_dir()
                         or (PACKAGE / f"{alias.name}.py").exists()]
        out += [(node.lineno, n.split(".")[1]) for n in names
                if n.startswith("kiosk.") and len(n.split(".")) > 1]
    return out


def layer_of(rel: Path) -> str:
    if rel.name.endswith("commands.py") and len(rel.parts) > 1:
        return "cli"
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def test_each_package_imports_only_the_layers_below_it() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        layer = layer_of(rel)
        allowed = ALLOWED.get(layer)
        if allowed is None:
            continue
        offenders += [f"{rel}:{n} imports kiosk.{target}" for n, target in project_imports(path)
                      if target != layer and target not in allowed]
    assert not offenders, "imports against the dependency rule:\n" + "\n".join(offenders)


def test_the_layering_check_sees_project_imports(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("import os\nfrom kiosk.replica.db import Replica\ndef f():\n"
                      " import kiosk.sync.engine\n from kiosk import errors\n"
                      " from . import sibling\n")
    assert project_imports(sample) == [(2, "replica"), (4, "sync"), (5, "errors")]
    assert layer_of(Path("core/verdicts.py")) == "core"
    assert layer_of(Path("replica/commands.py")) == "cli"
    assert layer_of(Path("verdict_messages.py")) == "verdict_messages"


def test_central_must_not_import_the_replica() -> None:
    """The line issue 9 asked for, on its own: what the central list shares with kiosks
    (rules, wire shapes, file stamps) is in core."""
    offenders = [f"{path.relative_to(PACKAGE)}:{n}"
                 for path in sorted((PACKAGE / "central").rglob("*.py"))
                 for n, target in project_imports(path) if target in ("replica", "sync")]
    assert not offenders, offenders
