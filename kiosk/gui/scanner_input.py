"""USB barcode scanners that type like a keyboard ("keyboard wedge").

An application-wide event filter collects characters that arrive in a fast burst (a
person cannot type 6+ characters with under ~40 ms between keys; a scanner does it in a
few ms). A burst ends with Enter/Tab or, for scanners configured without a suffix, after
a short idle time. A finished burst becomes a scan wherever the focus was: if the burst
landed in a text field, it is taken back out of the field.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

_END_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


class UsbScannerInput(QObject):
    """Emits ``scanned(text)`` for each burst of scanner typing."""

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        min_length: int = 6,
        max_gap_ms: float = 40.0,
        idle_ms: int = 120,
        swallow: bool = False,
    ) -> None:
        super().__init__(parent)
        self.min_length = min_length
        self.max_gap = max_gap_ms / 1000.0
        #: Kiosk mode: keys never reach widgets (nobody types there; a scanner might).
        self.swallow = swallow
        self.enabled = True
        self._buffer: list[str] = []
        self._last_key = 0.0
        self._target: QLineEdit | None = None
        self._last_event = 0
        self._last_watched: QWidget | None = None
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self._finish)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or not self.enabled:
            return False
        # A dialog (staff PIN, walk-in form) gets its keys untouched.
        if QApplication.activeModalWidget() is not None:
            return False
        # An unaccepted key event travels up the parent chain and passes through this
        # filter once per widget: count it only where Qt first delivered it.
        if not watched.isWidgetType():
            return False  # the QWindow sees it before the widgets do
        pointer = shiboken6.getCppPointer(event)[0]
        if (pointer == self._last_event and self._last_watched is not None
                and shiboken6.isValid(self._last_watched)
                and watched is not self._last_watched
                and watched.isAncestorOf(self._last_watched)):  # type: ignore[attr-defined]
            return False
        self._last_event = pointer
        self._last_watched = watched  # type: ignore[assignment]
        assert isinstance(event, QKeyEvent)
        if event.isAutoRepeat():
            return False
        now = time.perf_counter()
        key = event.key()
        if key in _END_KEYS:
            if len(self._buffer) >= self.min_length and now - self._last_key <= 0.2:
                self._finish()
                return True  # the Enter belonged to the scanner
            self._reset()
            return False
        text = event.text()
        if not text or not text.isprintable():
            return False
        if self._buffer and now - self._last_key > self.max_gap:
            self._reset()  # a pause: a person typing, start over
        if not self._buffer:
            self._target = watched if isinstance(watched, QLineEdit) else None
        self._buffer.append(text)
        self._last_key = now
        self._idle.start()
        return self.swallow

    def _reset(self) -> None:
        self._buffer.clear()
        self._target = None
        self._idle.stop()

    def _finish(self) -> None:
        self._idle.stop()
        text = "".join(self._buffer)
        target = self._target
        self._reset()
        if len(text) < self.min_length:
            return
        if target is not None and not self.swallow and target.text().endswith(text):
            # The burst went into a text field: take it back out, it was a scan.
            target.setText(target.text()[: -len(text)])
        self.scanned.emit(text)
