"""Helpers importable from any test module (``import kiosktest``): run the CLI from here."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kiosk_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def kiosk_argv(*args: str) -> list[str]:
    """The command line to run ``kiosk ARGS`` from this checkout (installed or not)."""
    return [sys.executable, "-m", "kiosk", *map(str, args)]


def json_lines(text: str) -> list[dict[str, object]]:
    """Parse JSON-lines output of a ``kiosk ... --json`` command."""
    import json

    return [json.loads(line) for line in text.splitlines() if line.strip()]
