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
    qt_own = {(c, s) for c, table in _qt_contexts().items() for s in table}
    assert set(_messages(fresh)) == set(_messages(TS)) - qt_own


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


def _qt_contexts() -> dict[str, dict[str, str]]:
    import runpy

    table = runpy.run_path(str(ROOT / "resources" / "translations" / "fill_id.py"))["QT"]
    return table  # type: ignore[no-any-return]


def test_qt_own_words_are_in_the_ts_file_beside_ours():
    """Qt's contexts (its widgets' words, fill_id.QT) are the only ones lupdate does not
    find in our sources (the test above compares the rest), each translated."""
    messages = _messages(TS)
    for context, table in _qt_contexts().items():
        for source, text in table.items():
            translation = messages[(context, source)].find("translation")
            assert translation is not None and translation.text == text


def test_qt_widgets_speak_indonesian(qapp):
    """Issue 11 item 13: with the Indonesian UI, Qt's own words in the widgets we use —
    a text field's right-click menu, a spin box's, the standard dialog buttons — are
    Indonesian (Qt ships no qtbase_id.qm: ours holds them), and English again after."""
    from PySide6.QtWidgets import QDialogButtonBox, QDoubleSpinBox, QLineEdit

    from kiosk.gui.i18n import Translations

    def menu_words() -> list[str]:
        field = QLineEdit("Budi")
        menu = field.createStandardContextMenu()
        words = [a.text().split("\t")[0].replace("&", "") for a in menu.actions()
                 if not a.isSeparator()]
        menu.deleteLater()
        field.deleteLater()
        return words

    def buttons() -> list[str]:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Close)
        words = sorted(b.text().replace("&", "") for b in box.buttons())
        box.deleteLater()
        return words

    translations = Translations()
    try:
        assert translations.install("id") == "id"
        assert menu_words() == ["Urungkan", "Ulangi", "Potong", "Salin", "Tempel", "Hapus",
                                "Pilih semua"]
        assert buttons() == ["Batal", "OK", "Tutup"]
        spin = QDoubleSpinBox()
        spin_menu = spin.findChild(QLineEdit).createStandardContextMenu()  # type: ignore
        assert "Pilih semua" in [a.text().split("\t")[0].replace("&", "")
                                 for a in spin_menu.actions()]
        spin.deleteLater()
    finally:
        translations.install("en")
    assert "Undo" in menu_words() and buttons() == ["Cancel", "Close", "OK"]
