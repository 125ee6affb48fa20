"""`kiosk/` is mypy-clean and the tree passes ruff. Runs the real tools."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _tool(name: str) -> list[str]:
    try:
        __import__(name)
    except ImportError:
        if shutil.which(name) is None:
            pytest.fail(f"{name} is not installed: `pip install -e '.[test]'` installs it")
    return [sys.executable, "-m", name]


def test_mypy_is_clean_on_the_package() -> None:
    proc = subprocess.run([*_tool("mypy"), "--no-error-summary"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_is_clean() -> None:
    proc = subprocess.run([*_tool("ruff"), "check", "kiosk", "tests", "bench", "packaging"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
