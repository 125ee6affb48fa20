"""USB barcode scanners that type like a keyboard ("keyboard wedge").

An application-wide event filter collects characters that arrive in a fast burst (a
person cannot type 6+ characters with under ~50 ms between keys; a scanner does it in a
few ms), timed by the key events' own time stamps where the window system gives them. A
burst ends with Enter/Tab or, for scanners configured without a suffix, after
a short idle time. A finished burst of the shape of a code (no spaces) becomes a scan
wherever the focus was, dialogs included: if the burst landed in a text field it is taken
back out of the field, and the scanner's Enter never reaches the dialog (it would submit
a walk-in form named after a ticket code). What happens to a scan while a dialog is open
is the controller's business (it waits until the dialog closes).
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget

_END_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)


def _key_time(event: QKeyEvent) -> float:
    """When the key was pressed, in seconds: the window system's own time stamp (X11,
    Wayland, Windows stamp every key event as it arrives), so a busy GUI thread that
    handles a scanner's queued keys late does not split its burst, and a person's keys
    handled all at once after a stall are not taken for a scanner. Events without one
    (synthesised, some platforms) are timed as they are handled."""
    stamp = event.timestamp()
    return stamp / 1000.0 if stamp else time.perf_counter()


class UsbScannerInput(QObject):
    """Emits ``scanned(text)`` for each burst of scanner typing."""

    scanned = Signal(str)
    #: A dialog window closed (scans waiting for it may now be decided).
    dialog_closed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        min_length: int = 6,
        max_gap_ms: float = 50.0,
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
        self._swallowing = swallow
        self._before: tuple[str, int] | None = None
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
        if (event.type() == QEvent.Type.Hide and isinstance(watched, QDialog)
                and watched.isWindow()):
            self.dialog_closed.emit()
            return False
        if event.type() != QEvent.Type.KeyPress or not self.enabled:
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
        now = _key_time(event)
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
        if text.isspace():
            # Codes have no spaces: a space ends any burst (a person is typing words).
            self._reset()
            return False
        if self._buffer and now - self._last_key > self.max_gap:
            self._reset()  # a pause: a person typing, start over
        if not self._buffer:
            self._target = watched if isinstance(watched, QLineEdit) else None
            # The field as it was before the burst (this filter runs before the field
            # sees the key): restored afterwards, whatever the field kept of the burst
            # (a length limit or a validator may have dropped some of it).
            self._before = (self._target.text(), self._target.cursorPosition()) \
                if self._target is not None else None
            # Staff type into a kiosk's dialogs (the PIN): there keys reach the fields.
            self._swallowing = self.swallow and QApplication.activeModalWidget() is None
        self._buffer.append(text)
        self._last_key = now
        self._idle.start()
        return self._swallowing

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
        before, self._before = self._before, None
        if (target is not None and before is not None and not self._swallowing
                and shiboken6.isValid(target) and target.text() != before[0]):
            # The burst went into a text field: take it back out, it was a scan.
            target.setText(before[0])
            target.setCursorPosition(before[1])
        self.scanned.emit(text)
