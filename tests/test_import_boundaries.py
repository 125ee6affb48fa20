"""Only kiosk/gui may import PySide6 (the developers' guide: only the GUI knows Qt)."""

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
