"""Fixtures for the GUI tests: a demo replica (copied per test), a short ticket video, and
an AppContext that is always shut down."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")


@dataclass
class DemoFiles:
    db: Path
    video: Path
    tickets: list  # list[DemoTicket]
    gate: str


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoFiles:
    from kiosk.demo.event import build_demo_replica
    from kiosk.demo.video import VideoItem, generate_video

    folder = tmp_path_factory.mktemp("demo")
    setup = build_demo_replica(folder, attendees=300)
    video = folder / "tickets.avi"
    generate_video(video, [VideoItem(t.text, t.style, t.caption) for t in setup.tickets],
                   width=960, height=540, fps=15, seconds_per_item=2.0)
    return DemoFiles(setup.replica_path, video, setup.tickets, setup.kiosk_gate)


@pytest.fixture
def demo(demo_template: DemoFiles, tmp_path: Path) -> DemoFiles:
    """A fresh copy of the demo replica for one test (the video is shared)."""
    db = tmp_path / "demo.db"
    shutil.copy(demo_template.db, db)
    return DemoFiles(db, demo_template.video, demo_template.tickets, demo_template.gate)


@pytest.fixture
def make_context(qapp) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from kiosk.gui.context import AppContext

    made: list[AppContext] = []

    def make(db: Path, **kwargs: object) -> AppContext:
        kwargs.setdefault("camera", "none")
        ctx = AppContext(db, **kwargs)  # type: ignore[arg-type]
        ctx.sounds.enabled = True
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.shutdown()
        ctx.close_replica()


@pytest.fixture
def open_desk(qtbot, make_context):  # type: ignore[no-untyped-def]
    """``open_desk(db)`` -> (context, DeskWindow) shown, its context started."""
    from kiosk.gui.desk_window import DeskWindow

    def open_(db: Path, **kwargs: object):  # type: ignore[no-untyped-def]
        ctx = make_context(db, mode="desk", **kwargs)
        window = DeskWindow(ctx)
        qtbot.addWidget(window, before_close_func=lambda w: w.force_close())
        ctx.start()
        window.show_window()
        return ctx, window

    return open_


@pytest.fixture
def scanner(qtbot):  # type: ignore[no-untyped-def]
    """``scanner(widget, text)``: a USB scanner types ``text`` (then Enter) into
    ``widget`` as the window system delivers a real one's keys: key events queued at
    once, each with its own time stamp ``gap_ms`` apart, then handled. ``pause_after``
    (a number of keys): the GUI thread is busy for ``busy_ms`` there, so the rest of the
    burst is handled late, as on a loaded machine."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    def types(widget, text: str, *, enter: bool = True, gap_ms: float = 3.0,  # type: ignore[no-untyped-def]
              pause_after: int | None = None, busy_ms: float = 0.0) -> None:
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

    return types


@pytest.fixture
def open_settings(qtbot):  # type: ignore[no-untyped-def]
    """``open_settings(window)``: staff tap Settings in the kiosk window's open staff
    menu; the settings dialog, once shown."""
    from PySide6.QtCore import Qt

    def open_(window):  # type: ignore[no-untyped-def]
        qtbot.mouseClick(window.staff_menu.settings_button, Qt.MouseButton.LeftButton)
        dialog = window.settings_dialog
        qtbot.waitUntil(dialog.isVisible, timeout=3000)
        return dialog

    return open_
