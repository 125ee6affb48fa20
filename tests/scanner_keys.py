"""A USB keyboard-wedge scanner's keys, as the window system delivers them (for the GUI
tests: the ``scanner`` fixture of tests/gui/conftest.py and direct callers)."""

from __future__ import annotations

import time


def scanner_types(widget, text: str, *, enter: bool = True, gap_ms: float = 3.0,  # type: ignore[no-untyped-def]
                  pause_after: int | None = None, busy_ms: float = 0.0) -> None:
    """A USB scanner types ``text`` (then Enter) into ``widget`` as the window system
    delivers a real one's keys: key events queued at once, each with its own time stamp
    ``gap_ms`` apart, then handled. ``pause_after`` (a number of keys): the GUI thread is
    busy for ``busy_ms`` there, so the rest of the burst is handled late, as on a loaded
    machine."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    start = time.perf_counter() * 1000.0
    keys = [(c, Qt.Key(ord(c.upper())) if c.isascii() else Qt.Key.Key_unknown)
            for c in text]
    if enter:
        keys.append(("\r", Qt.Key.Key_Return))
    for i, (char, key) in enumerate(keys):
        if i == pause_after:
            QApplication.processEvents()
            time.sleep(busy_ms / 1000.0)
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(int(start + i * gap_ms))
        QApplication.postEvent(widget, event)
    QApplication.processEvents()
