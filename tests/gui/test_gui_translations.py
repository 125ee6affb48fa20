"""Every UI string goes through Qt's translation system and has an Indonesian
translation; the committed .ts and .qm match the sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "kiosk_id.ts"
QM = ROOT / "resources" / "translations" / "kiosk_id.qm"
BIN = Path(sys.executable).parent


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} not installed")
    return found


def test_every_source_string_has_a_finished_indonesian_translation():
    messages = _messages(TS)
    assert len(messages) > 100
    for (context, source), message in messages.items():
        translation = message.find("translation")
        assert translation is not None and translation.get("type") is None, (context, source)
        assert (translation.text or "").strip(), (context, source)
        # Placeholders survive translation.
        for placeholder in ("{gate}", "{where}", "{time}", "{n}", "{days}", "{reason}"):
            assert (placeholder in source) == (placeholder in translation.text), source


def test_the_ts_file_holds_exactly_the_strings_in_the_sources(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "kiosk" / "gui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete"],
                   check=True, capture_output=True)
    assert set(_messages(fresh)) == set(_messages(TS))


def test_the_qm_file_is_compiled_from_the_ts_file(tmp_path):
    out = tmp_path / "kiosk_id.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == QM.read_bytes()


def test_no_user_visible_literal_bypasses_translation():
    """Widgets get their words from tr()/translate(): no setText("English") literals."""
    import re

    pattern = re.compile(r"""(setText|setWindowTitle|setPlaceholderText|addRow|QPushButton|"""
                         r"""QLabel|QCheckBox|setToolTip|show_message)\(\s*["'][A-Za-z]""")
    offenders = []
    for path in (ROOT / "kiosk" / "gui").rglob("*.py"):
        if path.name == "screenshots.py":  # a tool: types search text, shows no words
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.name}:{n}: {line.strip()}")
    # Language names are shown in their own language on purpose; URLs are not words.
    offenders = [o for o in offenders
                 if not any(w in o for w in ("English", "Bahasa Indonesia", "https://"))]
    assert offenders == []
