"""Fixtures for the GUI tests: a demo replica (copied per test), a short ticket video, and
an AppContext that is always shut down."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.scanner_keys import scanner_types

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
    """``scanner(widget, text, ...)``: :func:`scanner_types` (time-stamped keys)."""
    return scanner_types


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
