"""Starting the application: QApplication, language, the window for the mode, clean exit.

SIGINT/SIGTERM close the window cleanly: Python signal handlers only run when the
interpreter gets control, so a short QTimer ticks while Qt's event loop runs.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kiosk.gui.context import AppContext
from kiosk.gui.desk_window import DeskWindow
from kiosk.gui.i18n import Translations
from kiosk.gui.kiosk_window import KioskWindow

log = logging.getLogger(__name__)


@dataclass
class RunOptions:
    db: Path
    camera: str | None = None
    mode: str | None = None
    gate: str | None = None
    fullscreen: bool | None = None
    language: str | None = None
    quit_after: float | None = None
    banner: str = ""


def ensure_app() -> QApplication:
    # QtMultimedia lists every codec library it did not find: noise for kiosk logs.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false")
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("checkin-kiosk")
    app.setOrganizationName("checkin-kiosk")
    return app


def build_window(context: AppContext, *, fullscreen: bool | None = None
                 ) -> KioskWindow | DeskWindow:
    if context.mode == "desk":
        return DeskWindow(context)
    return KioskWindow(context, fullscreen=True if fullscreen is None else fullscreen)


def run_app(options: RunOptions) -> int:
    """Run the kiosk or desk until closed; returns the exit code."""
    started = time.perf_counter()
    app = ensure_app()
    context = AppContext(options.db, camera=options.camera, gate_id=options.gate,
                         mode=options.mode)
    translations = Translations()
    event = context.controller.current_event()
    translations.install(options.language or str(context.settings.get("language")),
                         event.languages if event else ())
    window = build_window(context, fullscreen=options.fullscreen)
    if options.banner:
        window.banner.show_message(options.banner)

    stop_requested: list[int] = []

    def request_stop(signum: int, _frame: object) -> None:
        stop_requested.append(signum)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    ticker = QTimer()
    ticker.setInterval(150)

    def check_stop() -> None:
        if stop_requested:
            log.info("signal %s: closing", stop_requested[0])
            window.force_close()

    ticker.timeout.connect(check_stop)
    ticker.start()
    context.start()
    window.show_window()
    if options.quit_after:
        QTimer.singleShot(int(options.quit_after * 1000), window.force_close)
    print(f"kiosk: ready to scan ({context.mode} mode, gate "
          f"{context.controller.gate_name()!r}, {context.replica.attendee_count()} attendees) "
          f"in {time.perf_counter() - started:.2f} s", file=sys.stderr, flush=True)
    try:
        app.exec()
    finally:
        ticker.stop()
        context.shutdown()
        stats = context.camera.stats if context.camera else None
        context.close_replica()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        # Tear Qt objects down here, in order, not in the interpreter's final GC (PySide
        # objects collected during finalisation can crash it).
        window.deleteLater()
        context.deleteLater()
        app.sendPostedEvents(None, 0)

        gc.collect()
    if stats is not None:
        log.info("camera: %d frames read, %d decoded, %d dropped", stats.frames_read,
                 stats.frames_decoded, stats.frames_dropped)
    print("kiosk: closed cleanly", file=sys.stderr, flush=True)
    return 0
