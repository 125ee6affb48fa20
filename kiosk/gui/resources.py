"""Where the GUI's resources (sounds, translations, icons) are: ``resources/`` at the
project root (a checkout), or ``kiosk/gui/resources`` inside a frozen bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    candidates = [Path(__file__).resolve().parents[2] / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources")
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[-1]


def sound_path(family: str) -> Path:
    return resources_dir() / "sounds" / f"{family}.wav"


def translation_path(language: str) -> Path:
    return resources_dir() / "translations" / f"kiosk_{language}.qm"
